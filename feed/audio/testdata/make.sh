#!/bin/sh
# Regenerates the audio fixtures (Debian's ffmpeg). The true length of each
# file is the duration given to ffmpeg here; feed/audio/probe_test.go holds them.
# ffprobe is not the truth for vbr-noxing.mp3: without a Xing header it
# estimates from the first frame's bitrate.
set -eu
cd "$(dirname "$0")"
ff() { ffmpeg -nostdin -v error -y "$@"; }
sine() { echo "sine=frequency=440:duration=$1"; }
noise() { echo "anoisesrc=d=$1:a=0.5:seed=7,volume=enable='lt(t,1)':volume=0"; }
ff -f lavfi -i "$(sine 3.2)" -ac 2 -ar 44100 -b:a 32k -c:a libmp3lame cbr-xing.mp3
ff -f lavfi -i "$(noise 4.5)" -ac 1 -ar 32000 -c:a libmp3lame -q:a 1 -write_xing 0 vbr-noxing.mp3
ff -f lavfi -i "$(noise 4.5)" -ac 1 -ar 32000 -c:a libmp3lame -q:a 1 vbr-xing.mp3
ff -f lavfi -i "$(sine 5)" -ac 1 -ar 22050 -b:a 16k -c:a libmp3lame mpeg2.mp3
ff -f lavfi -i "$(sine 6)" -ac 1 -ar 8000 -b:a 8k -c:a libmp3lame mpeg25.mp3
ff -f lavfi -i "$(sine 2.5)" -ac 1 -ar 44100 -b:a 32k -c:a libmp3lame -write_xing 0 cbr-noxing-id3v1.mp3
# ffmpeg writes no ID3v1 tag: append a 128-byte one by hand.
{ printf 'TAG%-30s%-30s%-30s%-4s%-30s' podgen fixture test 2024 comment; printf '\377'; } >> cbr-noxing-id3v1.mp3
ff -f lavfi -i "$(sine 3)" -f lavfi -i "color=c=red:s=600x600:d=1" -map 0 -map 1 -frames:v 1 -ac 1 -b:a 32k \
  -c:a libmp3lame -c:v mjpeg -id3v2_version 3 -metadata:s:v comment="Cover (front)" id3-picture.mp3
ff -f lavfi -i "$(sine 4.2)" -ac 1 -ar 22050 -b:a 24k -c:a aac moov-end.m4a
ff -f lavfi -i "$(sine 7.3)" -ac 1 -ar 22050 -b:a 24k -c:a aac -movflags +faststart faststart.m4a
