package upload_test

import (
	"fmt"

	"github.com/sakurafm/podgen/upload"
)

func ExampleMakePlan() {
	local := []upload.LocalFile{
		{Path: "feed.xml", Size: 120, MD5: "f2"},
		{Path: "audio/2455369-0a1b2c3d.mp3", Size: 18408, MD5: "0a1b2c3d"},
		{Path: "transcripts/2455369.html", Size: 900, MD5: "t1"},
	}
	remote := []upload.Object{
		{Key: "fm/feed.xml", Size: 100, ETag: "f1"},
		{Key: "fm/transcripts/2455369.html", Size: 900, ETag: "t1"},
	}
	plan, err := upload.MakePlan(local, remote, upload.PlanOptions{Prefix: "fm", CacheControl: upload.DefaultCacheControl})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range plan.Uploads {
		fmt.Println(u.Key, u.Reason, u.ContentType)
	}
	fmt.Println(plan.Unchanged, "unchanged")
	// Output:
	// fm/audio/2455369-0a1b2c3d.mp3 new audio/mpeg
	// fm/feed.xml size changed application/rss+xml; charset=utf-8
	// 1 unchanged
}
