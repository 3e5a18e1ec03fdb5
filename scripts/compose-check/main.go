// compose-check loads a Compose file the way `docker compose config` does: it validates the
// file against the Compose specification's JSON schema, interpolates variables from the
// environment and the project's .env file, and prints the resolved project as JSON. The
// tests read that JSON to check the stack's own rules (pinned images, health checks, ...)
// and to start the real components with the very flags compose gives them.
//
// Usage: compose-check <docker-compose.yml>
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
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check <docker-compose.yml>")
		os.Exit(2)
	}
	file, err := filepath.Abs(os.Args[1])
	if err != nil {
		fail(err)
	}
	options, err := cli.NewProjectOptions(
		[]string{file},
		cli.WithWorkingDirectory(filepath.Dir(file)),
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
