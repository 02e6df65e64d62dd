// Package config is podgen's configuration: config.yaml, then the PODGEN_
// environment, then the command's flags (viper), checked and turned into
// what the build takes (feed.Config) and what publish takes (Config.Upload).
//
// Every error says where the value it is about came from: the file and
// line (`config.yaml:16: base_url: …`), the environment variable or the
// flag. YAML's own errors are given their line and a hint where YAML has
// none; a key podgen does not know is named with the one it was likely
// meant to be (Config.Unknown); what is worth saying but not wrong is a
// warning (Config.Warnings), an error under strict.
//
// It is cut from package main because it is the largest single job there
// (the commands, the report and the upload planning are the rest), and it
// is one way: it reads the flags it is given and knows no command; main
// prints its warnings.
package config
