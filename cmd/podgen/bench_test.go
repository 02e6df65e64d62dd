package main

// The performance targets of the issues, measured side by side with the
// tools they are compared with, on the same generated 10,000-episode
// archive. `make bench` runs them; BENCHMARKS.md holds the results. They
// report metrics, they assert nothing.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/sakurafm/podgen/upload/s3test"
)

const benchEpisodes = 10000

// benchArchive is a generated archive of seed-shaped articles, each with its
// own small MP3, in a git repository (dates come from its history), plus a
// Hugo site holding the same articles. It is made once and kept in the
// temporary folder between runs.
type benchArchive struct {
	dir    string // config.yaml, articles/, audio/, artwork.jpg
	hugo   string // the Hugo site
	podgen string // the podgen binary
}

func newBenchArchive(b *testing.B) *benchArchive {
	b.Helper()
	root := filepath.Join(os.TempDir(), fmt.Sprintf("podgen-bench-%d", benchEpisodes))
	a := &benchArchive{dir: filepath.Join(root, "archive"), hugo: filepath.Join(root, "hugo"), podgen: filepath.Join(root, "podgen")}
	defer func() {
		// The binary is rebuilt every run: it is what is measured; and
		// Hugo's configuration is written again, for archives made before
		// it changed.
		if out, err := exec.Command("go", "build", "-o", a.podgen, ".").CombinedOutput(); err != nil {
			b.Fatalf("go build: %v\n%s", err, out)
		}
		must(b, os.WriteFile(filepath.Join(a.hugo, "config.toml"), []byte(hugoConfig), 0o644))
		must(b, os.WriteFile(filepath.Join(a.hugo, hugoSiteConfigFile), []byte(hugoSiteConfig), 0o644))
		for name, text := range hugoSiteLayouts {
			f := filepath.Join(a.hugo, "layouts-site", "_default", name)
			must(b, os.MkdirAll(filepath.Dir(f), 0o755))
			must(b, os.WriteFile(f, []byte(text), 0o644))
		}
	}()
	if _, err := os.Stat(filepath.Join(root, "done")); err == nil {
		return a
	}
	os.RemoveAll(root)
	seed, err := os.ReadFile("../../example/articles/000_ab612374b3f95bb2.txt")
	if err != nil {
		b.Fatal(err)
	}
	mp3, err := os.ReadFile("../../feed/audio/testdata/cbr-xing.mp3")
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range []string{"articles", "audio"} {
		os.MkdirAll(filepath.Join(a.dir, d), 0o755)
	}
	os.MkdirAll(filepath.Join(a.hugo, "content", "posts"), 0o755)
	for i := range benchEpisodes {
		id := fmt.Sprint(3000000 + i)
		text := strings.ReplaceAll(string(seed), "2455369", id)
		text = strings.Replace(text, "威胁（上）", fmt.Sprintf("威胁（%d）", i), 1)
		name := fmt.Sprintf("%05d_%s.md", i, id)
		must(b, os.WriteFile(filepath.Join(a.dir, "articles", name), []byte(text), 0o644))
		// Hugo needs a title and a date in front matter to list a page in
		// its feed; the text is the same.
		fm := fmt.Sprintf("---\ntitle: \"樱花FM┃%d\"\ndate: 2022-05-%02dT12:00:00Z\n---\n", i, 1+i%28)
		must(b, os.WriteFile(filepath.Join(a.hugo, "content", "posts", name), []byte(fm+text), 0o644))
		// Its own MP3 (about 15 kB): a distinct ID3 tag in front of the
		// fixture's frames.
		must(b, os.WriteFile(filepath.Join(a.dir, "audio", id+".mp3"), append(id3Tag(id, 2048), mp3...), 0o644))
	}
	art, err := os.ReadFile("../../example/artwork.jpg")
	must(b, err)
	must(b, os.WriteFile(filepath.Join(a.dir, "artwork.jpg"), art, 0o644))
	cfg, err := os.ReadFile("../../config.yaml")
	must(b, err)
	cfg = bytes.Replace(cfg, []byte("image: example/artwork.jpg"), []byte("image: artwork.jpg"), 1)
	cfg = bytes.Replace(cfg, []byte("articles: example/articles"), []byte("articles: articles"), 1)
	cfg = bytes.Replace(cfg, []byte("audio: example/audio"), []byte("audio: audio"), 1)
	// Hugo downloads no images: neither does podgen here (and the covers'
	// hosts are not reachable from the benchmark machine).
	cfg = bytes.Replace(cfg, []byte("covers: mirror"), []byte("covers: link"), 1)
	must(b, os.WriteFile(filepath.Join(a.dir, "config.yaml"), cfg, 0o644))
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", a.dir, "-c", "user.name=bench", "-c", "user.email=b@x", "-c", "commit.gpgsign=false", "-c", "gc.auto=0"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE=2022-06-01T00:00:00Z", "GIT_COMMITTER_DATE=2022-06-01T00:00:00Z")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", "articles", "audio")
	git("commit", "-qm", "archive")
	// Packed now, not by a gc --auto in the background (gc.auto=0 above),
	// which would race the clones below and this gc.
	git("gc", "-q")
	must(b, os.WriteFile(filepath.Join(root, "done"), nil, 0o644))
	return a
}

// hugoConfig makes Hugo render one file: the home page's RSS feed of every
// page, as podgen renders one feed. Without "section" among the disabled
// kinds, Hugo 0.111 also renders posts/index.xml, a second feed of the same
// 10,000 items, whatever outputs says (session 3 found it; until then
// Hugo's times included it).
const hugoConfig = `baseURL = "https://podcast.example.org/"
languageCode = "zh-cn"
title = "樱花FM"
disableKinds = ["taxonomy", "term", "sitemap", "robotsTXT", "404", "section"]
[outputs]
  home = ["RSS"]
  page = []
[services.rss]
  limit = -1
`

// hugoSiteConfig makes Hugo render what podgen's build renders besides its
// feed: a page for every article (its title, date, player and text, links
// to its neighbours) and the home page's list, 50 articles a page, with
// the same feed of every article. It is the like-for-like comparison; the
// issues' targets are set against hugoConfig's feed alone.
const (
	hugoSiteConfigFile = "config-site.toml"
	hugoSiteConfig     = `baseURL = "https://podcast.example.org/"
languageCode = "zh-cn"
title = "樱花FM"
layoutDir = "layouts-site"
disableKinds = ["taxonomy", "term", "sitemap", "robotsTXT", "404", "section"]
paginate = 50
[outputs]
  home = ["HTML", "RSS"]
  page = ["HTML"]
[services.rss]
  limit = -1
`
)

var hugoSiteLayouts = map[string]string{
	"baseof.html": `<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | absURL }}">
</head>
<body>
{{ block "main" . }}{{ end }}
</body>
</html>
`,
	"single.html": `{{ define "main" }}<main><article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time></p>
<audio controls preload="metadata" src="{{ printf "audio/%s.mp3" .File.BaseFileName | absURL }}"></audio>
<section>{{ .Content }}</section>
</article>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</main>{{ end }}
`,
	"list.html": `{{ define "main" }}<main><ol>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time><p>{{ .Summary | plainify }}</p></li>
{{ end }}</ol>
{{ with .Paginator.Next }}<a href="{{ .URL }}">next</a>{{ end }}</main>{{ end }}
`,
}

func id3Tag(text string, size int) []byte {
	tag := make([]byte, 10+size)
	copy(tag, "ID3\x03\x00\x00")
	tag[6], tag[7], tag[8], tag[9] = byte(size>>21&0x7f), byte(size>>14&0x7f), byte(size>>7&0x7f), byte(size&0x7f)
	copy(tag[10:], "TXXX")
	copy(tag[20:], text)
	return tag
}

func must(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

// measure runs a command and returns its wall time and peak RSS. The RSS
// comes from GNU time: Go starts children with a CLONE_VM clone, and Linux
// records the parent's memory high-water mark into the child's ru_maxrss
// at exec, so the child's own Rusage overstates small processes.
func measure(b *testing.B, dir string, env []string, name string, args ...string) (time.Duration, int64, string) {
	b.Helper()
	timeBin, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		b.Skip("GNU time is not installed (make bench-tools)")
	}
	cmd := exec.Command(timeBin, append([]string{"-f", "\nMAXRSS_KB %M", name}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// Flush what earlier steps left for the disk, so that neither tool pays
	// for the other's writeback.
	syncDisks()
	start := time.Now()
	err = cmd.Run()
	elapsed := time.Since(start)
	text := out.String()
	if err != nil {
		b.Fatalf("%s %v: %v\n%s", name, args, err, text)
	}
	i := strings.LastIndex(text, "MAXRSS_KB ")
	if i < 0 {
		b.Fatalf("no peak RSS from GNU time:\n%s", text)
	}
	var kb int64
	fmt.Sscan(text[i+len("MAXRSS_KB "):], &kb)
	return elapsed, kb * 1024, text[:i]
}

// BenchmarkBuild10k: a cold podgen build of the 10,000-episode archive
// (walk, parse, probe, render, write into an empty site folder) against Hugo
// rendering the same articles to an RSS feed (the targets' yardstick), and
// again to a site of a page an article and the list pages (like for like:
// hugoSiteConfig), in the same run. Both write
// their output to disk (/tmp) and, in the tmpfs variant, read and write in
// /dev/shm, which separates the work from this machine's disk (podgen
// creates 20,000 files, Hugo one). Cold means an empty cache folder.
func BenchmarkBuild10k(b *testing.B) {
	if _, err := exec.LookPath("hugo"); err != nil {
		b.Skip("hugo is not installed (make bench-tools)")
	}
	a := newBenchArchive(b)
	outs := map[string]string{"disk": os.TempDir(), "tmpfs": "/dev/shm"}
	for _, name := range []string{"disk", "tmpfs"} {
		base := outs[name]
		if _, err := os.Stat(base); err != nil {
			continue
		}
		b.Run(name, func(b *testing.B) {
			out, hugoOut := filepath.Join(base, "podgen-bench-site"), filepath.Join(base, "podgen-bench-hugo")
			b.Cleanup(func() { os.RemoveAll(out); os.RemoveAll(hugoOut); os.RemoveAll(hugoOut + "-site") })
			src, hugoSrc := a.dir, a.hugo
			if name == "tmpfs" {
				// Inputs in memory too, for both tools: no disk at all, and
				// audio can be hard-linked into the site as on one disk.
				// The archive is checked out (a clone, as a user or a runner
				// gets it: git's index matches the files), Hugo's site copied.
				mem := filepath.Join(base, "podgen-bench-src")
				src, hugoSrc = filepath.Join(mem, "archive"), filepath.Join(mem, "hugo")
				os.RemoveAll(mem)
				must(b, os.MkdirAll(mem, 0o755))
				if o, err := exec.Command("cp", "-a", a.hugo, mem).CombinedOutput(); err != nil {
					b.Fatalf("cp: %v\n%s", err, o)
				}
				if o, err := exec.Command("git", "clone", "-q", a.dir, src).CombinedOutput(); err != nil {
					b.Fatalf("clone: %v\n%s", err, o)
				}
				for _, f := range []string{"config.yaml", "artwork.jpg"} {
					must(b, os.WriteFile(filepath.Join(src, f), mustRead(b, filepath.Join(a.dir, f)), 0o644))
				}
				b.Cleanup(func() { os.RemoveAll(mem) })
			}
			for i := 0; b.Loop(); i++ {
				os.RemoveAll(out)
				os.RemoveAll(hugoOut)
				// Cold: an empty cache folder, not the user's (which earlier
				// runs filled), on the variant's file system: the tmpfs
				// build writes its 100 MB cache file to tmpfs too.
				cacheDir := filepath.Join(base, "podgen-bench-cache")
				os.RemoveAll(cacheDir)
				b.Cleanup(func() { os.RemoveAll(cacheDir) })
				args := []string{"build", "--out", out, "--cache-dir", cacheDir}
				if prof := os.Getenv("PODGEN_BENCH_PROFILE"); prof != "" && i == 0 {
					args = append(args, "--cpuprofile", prof+"-"+name+".cpu", "--memprofile", prof+"-"+name+".mem")
				}
				pt, prss, outText := measure(b, src, nil, a.podgen, args...)
				if !strings.Contains(outText, thousands(benchEpisodes)+" episodes") {
					b.Fatalf("podgen build: %s", outText)
				}
				ht, hrss, _ := measure(b, hugoSrc, nil, "hugo", "--quiet", "--destination", hugoOut)
				// The same work on both sides: one feed of every article.
				if feed, err := os.ReadFile(filepath.Join(hugoOut, "index.xml")); err != nil || bytes.Count(feed, []byte("<item>")) != benchEpisodes {
					b.Fatalf("hugo's feed: %v, %d items", err, bytes.Count(feed, []byte("<item>")))
				}
				if files, _ := filepath.Glob(filepath.Join(hugoOut, "*", "index.xml")); len(files) > 0 {
					b.Fatalf("hugo rendered more than one feed: %v", files)
				}
				// Like for like: Hugo renders the pages too.
				st, srss, _ := measure(b, hugoSrc, nil, "hugo", "--quiet", "--config", hugoSiteConfigFile, "--destination", hugoOut+"-site")
				if pages, _ := filepath.Glob(filepath.Join(hugoOut+"-site", "posts", "*", "index.html")); len(pages) != benchEpisodes {
					b.Fatalf("hugo's site: %d episode pages", len(pages))
				}
				os.RemoveAll(hugoOut + "-site")
				b.ReportMetric(st.Seconds(), "hugo-site-s")
				b.ReportMetric(float64(srss)/1e6, "hugo-site-peak-MB")
				b.ReportMetric(pt.Seconds()/st.Seconds(), "podgen/hugo-site")
				b.ReportMetric(pt.Seconds(), "podgen-s")
				b.ReportMetric(float64(prss)/1e6, "podgen-peak-MB")
				b.ReportMetric(ht.Seconds(), "hugo-s")
				b.ReportMetric(float64(hrss)/1e6, "hugo-peak-MB")
				b.ReportMetric(pt.Seconds()/ht.Seconds(), "podgen/hugo")
			}
		})
	}
}

// BenchmarkRebuild10k: a warm rebuild against the cold build of the same
// archive, in the same run. Warm is what the nightly job does: a fresh
// checkout (git clone: every mtime new) with podgen's cache restored and
// the site folder kept; then the same after one new article is committed,
// the nightly case; then from an empty site folder, as on a CI runner that
// restores only the cache.
func BenchmarkRebuild10k(b *testing.B) {
	a := newBenchArchive(b)
	for i := 0; b.Loop(); i++ {
		cache := b.TempDir()
		out := filepath.Join(os.TempDir(), "podgen-bench-rebuild")
		os.RemoveAll(out)
		args := []string{"build", "--out", out, "--cache-dir", cache}
		cold, _, _ := measure(b, a.dir, nil, a.podgen, args...)
		clone := filepath.Join(b.TempDir(), "checkout")
		if o, err := exec.Command("git", "clone", "-q", a.dir, clone).CombinedOutput(); err != nil {
			b.Fatalf("clone: %v\n%s", err, o)
		}
		cfg, err := os.ReadFile(filepath.Join(a.dir, "config.yaml"))
		must(b, err)
		must(b, os.WriteFile(filepath.Join(clone, "config.yaml"), cfg, 0o644))
		must(b, os.WriteFile(filepath.Join(clone, "artwork.jpg"), mustRead(b, filepath.Join(a.dir, "artwork.jpg")), 0o644))
		warm, _, _ := measure(b, clone, nil, a.podgen, args...)
		// The nightly case: one new article (and its audio) committed.
		seed := mustRead(b, filepath.Join(clone, "articles", "00000_3000000.md"))
		id := fmt.Sprint(3000000 + benchEpisodes)
		must(b, os.WriteFile(filepath.Join(clone, "articles", fmt.Sprintf("%05d_%s.md", benchEpisodes, id)), bytes.ReplaceAll(seed, []byte("3000000"), []byte(id)), 0o644))
		must(b, os.WriteFile(filepath.Join(clone, "audio", id+".mp3"), mustRead(b, filepath.Join(clone, "audio", "3000000.mp3")), 0o644))
		for _, args := range [][]string{{"add", "."}, {"commit", "-qm", "new"}} {
			cmd := exec.Command("git", append([]string{"-C", clone, "-c", "user.name=bench", "-c", "user.email=b@x", "-c", "commit.gpgsign=false"}, args...)...)
			cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE=2022-07-01T00:00:00Z", "GIT_COMMITTER_DATE=2022-07-01T00:00:00Z")
			if o, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("git %v: %v\n%s", args, err, o)
			}
		}
		warmNew, _, text := measure(b, clone, nil, a.podgen, args...)
		if !strings.Contains(text, thousands(benchEpisodes+1)+" episodes") {
			b.Fatalf("warm build with a new article: %s", text)
		}
		os.RemoveAll(out)
		warmEmpty, _, _ := measure(b, clone, nil, a.podgen, args...)
		os.RemoveAll(out)
		b.ReportMetric(cold.Seconds(), "cold-s")
		b.ReportMetric(warm.Seconds(), "warm-s")
		b.ReportMetric(warm.Seconds()/cold.Seconds(), "warm/cold")
		b.ReportMetric(warmNew.Seconds(), "warm-new-article-s")
		b.ReportMetric(warmNew.Seconds()/cold.Seconds(), "warm-new/cold")
		b.ReportMetric(warmEmpty.Seconds(), "warm-empty-site-s")
	}
}

func mustRead(b *testing.B, path string) []byte {
	data, err := os.ReadFile(path)
	must(b, err)
	return data
}

// benchGateway starts versitygw for the publish benchmark.
func benchGateway(b *testing.B) (endpoint, dir, log string) {
	b.Helper()
	bin := s3test.Binary()
	if bin == "" {
		b.Skip("versitygw is not installed (make bench installs it)")
	}
	dir = b.TempDir()
	log = filepath.Join(b.TempDir(), "access.log")
	srv, err := s3test.Start(bin, "bench", "bench-secret", dir, log)
	must(b, err)
	b.Cleanup(srv.Stop)
	return srv.Endpoint, dir, log
}

func createBucket(b *testing.B, endpoint, name string) {
	cfg, err := awsconfig.LoadDefaultConfig(context.Background(), awsconfig.WithRegion("us-east-1"),
		awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("bench", "bench-secret", "")))
	must(b, err)
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.BaseEndpoint = aws.String(endpoint); o.UsePathStyle = true })
	_, err = client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)})
	must(b, err)
}

func countOps(b *testing.B, log, op string) int {
	data, err := os.ReadFile(log)
	must(b, err)
	return strings.Count(string(data), " "+op+" ")
}

// BenchmarkPublish10k: podgen publish of the 10,000-episode site to
// versitygw on loopback against rclone sync --checksum to the same server,
// first a full upload into an empty bucket, then a no-op.
func BenchmarkPublish10k(b *testing.B) {
	if _, err := exec.LookPath("rclone"); err != nil {
		b.Skip("rclone is not installed (make bench-tools)")
	}
	a := newBenchArchive(b)
	if _, err := os.Stat(filepath.Join(a.dir, "public", "feed.xml")); err != nil {
		measure(b, a.dir, nil, a.podgen, "build")
	}
	endpoint, _, log := benchGateway(b)
	site := filepath.Join(a.dir, "public")
	for i := 0; b.Loop(); i++ {
		bucketP, bucketR := fmt.Sprintf("podgen-%d", i), fmt.Sprintf("rclone-%d", i)
		createBucket(b, endpoint, bucketP)
		createBucket(b, endpoint, bucketR)
		cache := b.TempDir()
		env := []string{
			"AWS_ACCESS_KEY_ID=bench", "AWS_SECRET_ACCESS_KEY=bench-secret", "AWS_EC2_METADATA_DISABLED=true",
			"PODGEN_UPLOAD_ENDPOINT=" + endpoint, "PODGEN_UPLOAD_BUCKET=" + bucketP, "PODGEN_UPLOAD_PATH_STYLE=true",
			"PODGEN_UPLOAD_CONCURRENCY=16",
		}
		rcloneEnv := []string{
			"RCLONE_CONFIG_VG_TYPE=s3", "RCLONE_CONFIG_VG_PROVIDER=Other", "RCLONE_CONFIG_VG_ENDPOINT=" + endpoint,
			"RCLONE_CONFIG_VG_ACCESS_KEY_ID=bench", "RCLONE_CONFIG_VG_SECRET_ACCESS_KEY=bench-secret",
			"RCLONE_CONFIG_VG_REGION=us-east-1", "RCLONE_CONFIG_VG_FORCE_PATH_STYLE=true",
			// rclone 1.60 (AWS SDK v1) cannot load AWS_CA_BUNDLE into its own
			// transport; the server is plain http on loopback.
			"AWS_CA_BUNDLE=", "RCLONE_CONFIG=/dev/null",
		}
		rclone := []string{"sync", "--checksum", site, "vg:" + bucketR + "/sakurafm"}

		pFirst, pRSS, _ := measure(b, a.dir, env, a.podgen, "publish", "--cache-dir", cache)
		rFirst, _, _ := measure(b, a.dir, rcloneEnv, "rclone", rclone...)
		puts := countOps(b, log, "s3_PutObject")
		pNoop, _, _ := measure(b, a.dir, env, a.podgen, "publish", "--cache-dir", cache)
		rNoop, _, _ := measure(b, a.dir, rcloneEnv, "rclone", rclone...)
		b.ReportMetric(pFirst.Seconds(), "podgen-first-s")
		b.ReportMetric(rFirst.Seconds(), "rclone-first-s")
		b.ReportMetric(pFirst.Seconds()/rFirst.Seconds(), "first-podgen/rclone")
		b.ReportMetric(pNoop.Seconds(), "podgen-noop-s")
		b.ReportMetric(rNoop.Seconds(), "rclone-noop-s")
		b.ReportMetric(pNoop.Seconds()/rNoop.Seconds(), "noop-podgen/rclone")
		b.ReportMetric(float64(countOps(b, log, "s3_PutObject")-puts), "noop-PUTs")
		b.ReportMetric(float64(pRSS)/1e6, "podgen-first-peak-MB")
	}
}

// BenchmarkPublish1GB: peak memory of podgen publish while uploading one
// 1 GB file (the target: under 64 MB).
func BenchmarkPublish1GB(b *testing.B) {
	root, _ := filepath.Abs(filepath.Join(os.TempDir(), "podgen-bench-1gb"))
	bin := filepath.Join(root, "podgen")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	site := filepath.Join(root, "site")
	big := filepath.Join(site, "audio", "big.mp3")
	if st, err := os.Stat(big); err != nil || st.Size() != 1e9 {
		os.MkdirAll(filepath.Dir(big), 0o755)
		f, err := os.Create(big)
		must(b, err)
		chunk := make([]byte, 1<<20)
		for i := range chunk {
			chunk[i] = byte(i * 7)
		}
		for written := int64(0); written < 1e9; {
			n := min(int64(len(chunk)), 1e9-written)
			_, err := f.Write(chunk[:n])
			must(b, err)
			written += n
		}
		must(b, f.Close())
	}
	// A feed whose one episode is the file: publish checks that the feed
	// reads and that the files it names are in the site.
	must(b, os.WriteFile(filepath.Join(site, "feed.xml"), []byte(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>big</title><link>https://podcast.example.org/big/</link><description>one big file</description>
<item><title>big</title><guid>big</guid><enclosure url="https://podcast.example.org/big/audio/big.mp3" length="1000000000" type="audio/mpeg"/></item>
</channel></rss>
`), 0o644))
	endpoint, _, _ := benchGateway(b)
	for i := 0; b.Loop(); i++ {
		bucket := fmt.Sprintf("big-%d", i)
		createBucket(b, endpoint, bucket)
		env := []string{
			"AWS_ACCESS_KEY_ID=bench", "AWS_SECRET_ACCESS_KEY=bench-secret", "AWS_EC2_METADATA_DISABLED=true",
			"PODGEN_UPLOAD_ENDPOINT=" + endpoint, "PODGEN_UPLOAD_BUCKET=" + bucket, "PODGEN_UPLOAD_PATH_STYLE=true",
			"PODGEN_BASE_URL=https://podcast.example.org/big",
		}
		t, rss, _ := measure(b, root, env, bin, "publish", "--out", site, "--cache-dir", b.TempDir(), "--config=")
		b.ReportMetric(t.Seconds(), "s")
		b.ReportMetric(float64(rss)/1e6, "peak-MB")
	}
}
