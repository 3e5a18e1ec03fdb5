// compose-check loads a Compose file the way `docker compose config` does: it validates the
// file against the Compose specification's JSON schema, interpolates variables from the
// environment and the project's .env file, and prints the resolved project as JSON. The
// tests read that JSON to check the stack's own rules (pinned images, health checks, ...)
// and to start the real components with the very flags compose gives them.
//
// Usage: compose-check <docker-compose.yml> [<override.yml> ...]
// Several files merge as `docker compose -f a.yml -f b.yml` merges them (the scaled topology
// is docker-compose.yml with docker-compose.scaled.yml on top).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check <docker-compose.yml> [<override.yml> ...]")
		os.Exit(2)
	}
	files := make([]string, 0, len(os.Args)-1)
	for _, arg := range os.Args[1:] {
		file, err := filepath.Abs(arg)
		if err != nil {
			fail(err)
		}
		files = append(files, file)
	}
	options, err := cli.NewProjectOptions(
		files,
		// Relative paths resolve from the first file's folder, as docker compose does.
		cli.WithWorkingDirectory(filepath.Dir(files[0])),
		cli.WithOsEnv,
		// The project's .env beside the file, as docker compose reads it.
		cli.WithEnvFiles(),
		cli.WithDotEnv,
		cli.WithName("node-otel-stack"),
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(project); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "compose-check: %v\n", err)
	os.Exit(1)
}
