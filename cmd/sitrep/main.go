// Command sitrep turns raw news into clean, stored, searchable documents.
// Run "sitrep help" for the commands.
package main

import (
	"os"

	"github.com/sitrep-dev/sitrep/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:])) }
