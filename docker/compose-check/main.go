// compose-check loads docker/compose.yaml with compose-go, the library Docker Compose itself uses
// (so interpolation, merging, profiles and schema validation behave as `docker compose config`
// would), then checks what a Yiyang deployment depends on. No Docker engine is needed.
//
// Usage: compose-check <compose file>...  (run by scripts/check-compose.sh from `make test`)
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// Secrets the deployment must refuse to start without (`${VAR:?message}` in the compose file).
var requiredSecrets = []string{"POSTGRES_PASSWORD", "TEMPORAL_DB_PASSWORD", "YIYANG_DB_PASSWORD", "JWT_SECRET", "YIYANG_PAYLOAD_KEY"}

// An explicit version tag (not "latest"), optionally with a digest.
var pinnedImage = regexp.MustCompile(`^[a-z0-9./_-]+:([A-Za-z0-9_.-]+)(@sha256:[0-9a-f]{64})?$`)

type checker struct{ failures []string }

func (c *checker) failf(format string, args ...any) {
	c.failures = append(c.failures, fmt.Sprintf(format, args...))
}

func load(files []string, drop string) (*types.Project, error) {
	opts, err := cli.NewProjectOptions(files, cli.WithOsEnv, cli.WithDotEnv, cli.WithInterpolation(true))
	if err != nil {
		return nil, err
	}
	if drop != "" {
		delete(opts.Environment, drop)
	}
	return opts.LoadProject(context.Background())
}

func commandLine(s types.ServiceConfig) string {
	return strings.Join(append(append([]string{}, s.Entrypoint...), s.Command...), " ")
}

func env(s types.ServiceConfig, key string) string {
	if v, ok := s.Environment[key]; ok && v != nil {
		return *v
	}
	return ""
}

// dependsOn reports whether service `from` waits for `to` with `condition`, directly or through
// services it waits for.
func dependsOn(p *types.Project, from, to, condition string, seen map[string]bool) bool {
	if seen[from] {
		return false
	}
	seen[from] = true
	s, ok := p.Services[from]
	if !ok {
		return false
	}
	for name, dep := range s.DependsOn {
		if name == to && dep.Condition == condition {
			return true
		}
		if dependsOn(p, name, to, condition, seen) {
			return true
		}
	}
	return false
}

func findServices(p *types.Project, match func(types.ServiceConfig) bool) []string {
	var names []string
	for name, s := range p.AllServices() {
		if match(s) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

func main() {
	files := os.Args[1:]
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "usage: compose-check <compose file>...")
		os.Exit(2)
	}
	p, err := load(files, "")
	if err != nil {
		fmt.Fprintf(os.Stderr, "compose-check: the compose file does not load: %v\n", err)
		os.Exit(1)
	}
	c := &checker{}

	// Secrets: loading without any one of them must fail, naming it.
	for _, secret := range requiredSecrets {
		if _, err := load(files, secret); err == nil {
			c.failf("secret %s is not required: the project loads without it (use ${%s:?message})", secret, secret)
		} else if !strings.Contains(err.Error(), secret) {
			c.failf("loading without %s fails for another reason: %v", secret, err)
		}
	}

	// Images: every image pinned to an explicit version; our own services are built.
	for name, s := range p.AllServices() {
		if s.Build != nil {
			continue
		}
		m := pinnedImage.FindStringSubmatch(s.Image)
		if m == nil || m[1] == "latest" {
			c.failf("service %s: image %q is not pinned to a version", name, s.Image)
		}
	}

	// Nothing but the API's reverse proxy is published: not the Temporal UI (write actions
	// bypass the API's checks and audit), not Temporal's gRPC port, not PostgreSQL, not metrics.
	published := findServices(p, func(s types.ServiceConfig) bool { return len(s.Ports) > 0 })
	for _, name := range published {
		if name != "proxy" {
			c.failf("service %s publishes ports %v; only the proxy in front of the API may", name, p.AllServices()[name].Ports)
		}
	}
	ui := findServices(p, func(s types.ServiceConfig) bool { return strings.HasPrefix(s.Image, "temporalio/ui:") })
	for _, name := range ui {
		s := p.AllServices()[name]
		if len(s.Ports) > 0 {
			c.failf("the Temporal UI (%s) is published", name)
		}
		if env(s, "TEMPORAL_DISABLE_WRITE_ACTIONS") != "true" {
			c.failf("the Temporal UI (%s) allows write actions (set TEMPORAL_DISABLE_WRITE_ACTIONS=true)", name)
		}
	}

	// The Temporal server: the maintained image on PostgreSQL, shards fixed, a health check
	// that does not rely on tctl (absent from the image), a mounted dynamic config.
	servers := findServices(p, func(s types.ServiceConfig) bool { return strings.HasPrefix(s.Image, "temporalio/server:") })
	if len(servers) == 0 {
		c.failf("no temporalio/server service")
	}
	for _, name := range findServices(p, func(s types.ServiceConfig) bool { return strings.HasPrefix(s.Image, "temporalio/auto-setup") }) {
		c.failf("service %s uses temporalio/auto-setup, which is deprecated", name)
	}
	for _, name := range servers {
		s := p.Services[name]
		if env(s, "DB") != "postgres12" {
			c.failf("%s: DB must be postgres12", name)
		}
		for _, key := range []string{"POSTGRES_SEEDS", "BIND_ON_IP", "NUM_HISTORY_SHARDS", "DYNAMIC_CONFIG_FILE_PATH", "POSTGRES_USER", "POSTGRES_PWD"} {
			if env(s, key) == "" {
				c.failf("%s: %s is not set", name, key)
			}
		}
		if s.HealthCheck == nil || len(s.HealthCheck.Test) == 0 {
			c.failf("%s: no health check", name)
		} else if strings.Contains(strings.Join(s.HealthCheck.Test, " "), "tctl") {
			c.failf("%s: the health check calls tctl, which the server image does not contain", name)
		}
		mounted := false
		for _, v := range s.Volumes {
			if strings.Contains(env(s, "DYNAMIC_CONFIG_FILE_PATH"), strings.TrimPrefix(v.Target, "/etc/temporal/")) {
				mounted = true
			}
		}
		if !mounted {
			c.failf("%s: DYNAMIC_CONFIG_FILE_PATH %q is not a mounted file", name, env(s, "DYNAMIC_CONFIG_FILE_PATH"))
		}
		schema := findServices(p, func(x types.ServiceConfig) bool {
			return strings.HasPrefix(x.Image, "temporalio/admin-tools:") && strings.Contains(commandLine(x), "schema")
		})
		if len(schema) == 0 || !dependsOn(p, name, schema[0], types.ServiceConditionCompletedSuccessfully, map[string]bool{}) {
			c.failf("%s does not wait for an admin-tools schema job to complete", name)
		}
	}

	// The namespace and the search attributes every case start needs are registered before
	// any worker or API runs; migrations too.
	setup := findServices(p, func(s types.ServiceConfig) bool { return strings.Contains(commandLine(s), "temporal-setup") })
	migrate := findServices(p, func(s types.ServiceConfig) bool { return strings.Contains(commandLine(s), "main.js migrate") })
	if len(setup) == 0 {
		c.failf("no service registers the namespace and search attributes (cli temporal-setup)")
	}
	if len(migrate) == 0 {
		c.failf("no service runs the migrations (cli migrate)")
	}
	for _, name := range []string{"worker", "api"} {
		s, ok := p.Services[name]
		if !ok {
			c.failf("no %s service", name)
			continue
		}
		for _, job := range append(append([]string{}, setup...), migrate...) {
			if !dependsOn(p, name, job, types.ServiceConditionCompletedSuccessfully, map[string]bool{}) {
				c.failf("%s does not wait for %s to complete", name, job)
			}
		}
		if s.Deploy == nil || s.Deploy.Replicas == nil || *s.Deploy.Replicas < 2 {
			c.failf("%s: fewer than 2 replicas", name)
		}
		if env(s, "YIYANG_DEMO_DATA") != "false" {
			c.failf("%s: YIYANG_DEMO_DATA must be false", name)
		}
		if env(s, "YIYANG_METRICS_PORT") == "" {
			c.failf("%s: no YIYANG_METRICS_PORT (Prometheus metrics)", name)
		}
	}

	// Separate database users: the app's cannot touch Temporal's databases and the reverse.
	for _, name := range servers {
		temporalUser := env(p.Services[name], "POSTGRES_USER")
		appURL := env(p.Services["api"], "DATABASE_URL")
		if temporalUser == "" || strings.HasPrefix(appURL, "postgres://"+temporalUser+":") {
			c.failf("the API and Temporal share the database user %q", temporalUser)
		}
		if temporalUser == "postgres" || strings.HasPrefix(appURL, "postgres://postgres:") {
			c.failf("a service connects as the PostgreSQL superuser")
		}
	}

	// Our image: a supported Node LTS, a reproducible install, not root, CJK fonts for documents.
	checked := map[string]bool{}
	for name, s := range p.AllServices() {
		if s.Build == nil {
			continue
		}
		file := s.Build.Dockerfile
		if file == "" {
			file = "Dockerfile"
		}
		if !filepath.IsAbs(file) {
			file = filepath.Join(s.Build.Context, file)
		}
		if checked[file] {
			continue
		}
		checked[file] = true
		c.checkDockerfile(name, file)
	}

	if len(c.failures) > 0 {
		for _, f := range c.failures {
			fmt.Fprintln(os.Stderr, "compose-check: "+f)
		}
		os.Exit(1)
	}
	names := make([]string, 0, len(p.AllServices()))
	for name := range p.AllServices() {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Printf("compose-check: %s loads (%d services: %s); secrets required, images pinned, only the proxy published, namespace and search attributes registered before workers and API\n",
		strings.Join(files, ", "), len(names), strings.Join(names, ", "))
}

var (
	nodeBase   = regexp.MustCompile(`(?m)^FROM node:(\d+)\.\d+\.\d+-[a-z]+-slim\b`)
	finalUser  = regexp.MustCompile(`(?m)^USER\s+(\S+)\s*$`)
	npmCi      = regexp.MustCompile(`(?m)^RUN npm ci\b`)
	cjkFonts   = regexp.MustCompile(`fonts-noto-cjk`)
	anyFromTag = regexp.MustCompile(`(?m)^FROM\s+(\S+)`)
)

func (c *checker) checkDockerfile(service, file string) {
	b, err := os.ReadFile(file)
	if err != nil {
		c.failf("service %s: cannot read its Dockerfile %s: %v", service, file, err)
		return
	}
	text := string(b)
	froms := anyFromTag.FindAllStringSubmatch(text, -1)
	bases := nodeBase.FindAllStringSubmatch(text, -1)
	if len(bases) == 0 || len(bases) != len(froms) {
		c.failf("%s: every stage must be FROM node:<major>.<minor>.<patch>-<debian>-slim (pinned)", file)
	}
	for _, m := range bases {
		if m[1] != "22" && m[1] != "24" {
			c.failf("%s: Node %s is not a supported LTS (22 or 24)", file, m[1])
		}
	}
	users := finalUser.FindAllStringSubmatch(text, -1)
	if len(users) == 0 || users[len(users)-1][1] == "root" || users[len(users)-1][1] == "0" {
		c.failf("%s: the image runs as root", file)
	}
	if !npmCi.MatchString(text) {
		c.failf("%s: dependencies are not installed with npm ci", file)
	}
	if !cjkFonts.MatchString(text) {
		c.failf("%s: fonts-noto-cjk is not installed (Chinese documents would render as boxes)", file)
	}
}
