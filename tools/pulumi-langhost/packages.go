package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// GetRequiredPackages lists the npm packages under node_modules whose package.json says
// `"pulumi": {"resource": true}` (the provider plugins a program may need).
func (h *nodeHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	dir := programDirectory(req.GetInfo(), "")
	found := map[string]*pulumirpc.PackageDependency{}
	if err := scanNodeModules(filepath.Join(dir, "node_modules"), found, map[string]bool{}); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(found))
	for k := range found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	resp := &pulumirpc.GetRequiredPackagesResponse{}
	for _, k := range keys {
		resp.Packages = append(resp.Packages, found[k])
	}
	return resp, nil
}

type packageJSON struct {
	Name         string                   `json:"name"`
	Version      string                   `json:"version"`
	Pulumi       *plugin.PulumiPluginJSON `json:"pulumi"`
	Dependencies map[string]string        `json:"dependencies"`
}

func readPackageJSON(path string) (*packageJSON, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var pkg packageJSON
	if err := json.Unmarshal(b, &pkg); err != nil {
		// Some packages carry a "pulumi" section that is not a plugin description.
		var loose struct {
			Name         string            `json:"name"`
			Version      string            `json:"version"`
			Dependencies map[string]string `json:"dependencies"`
		}
		if err2 := json.Unmarshal(b, &loose); err2 != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return &packageJSON{Name: loose.Name, Version: loose.Version, Dependencies: loose.Dependencies}, nil
	}
	return &pkg, nil
}

func scanNodeModules(dir string, found map[string]*pulumirpc.PackageDependency, visited map[string]bool) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		path := filepath.Join(dir, name)
		if strings.HasPrefix(name, "@") {
			if err := scanNodeModules(path, found, visited); err != nil {
				return err
			}
			continue
		}
		real, err := filepath.EvalSymlinks(path)
		if err != nil || visited[real] {
			continue
		}
		visited[real] = true
		pkg, err := readPackageJSON(filepath.Join(real, "package.json"))
		if err == nil && pkg.Pulumi != nil && pkg.Pulumi.Resource {
			dep, err := pluginDependency(pkg)
			if err != nil {
				return err
			}
			found[dep.Name+"@"+dep.Version] = dep
		}
		if err := scanNodeModules(filepath.Join(real, "node_modules"), found, visited); err != nil {
			return err
		}
	}
	return nil
}

func pluginDependency(pkg *packageJSON) (*pulumirpc.PackageDependency, error) {
	name := pkg.Pulumi.Name
	if name == "" {
		if !strings.HasPrefix(pkg.Name, "@pulumi/") {
			return nil, fmt.Errorf("npm package %s declares a Pulumi resource plugin without pulumi.name", pkg.Name)
		}
		name = strings.TrimPrefix(pkg.Name, "@pulumi/")
	}
	ver := pkg.Pulumi.Version
	if ver == "" {
		ver = pkg.Version
	}
	if ver == "" {
		return nil, fmt.Errorf("npm package %s declares a Pulumi resource plugin without a version", pkg.Name)
	}
	if !strings.HasPrefix(ver, "v") {
		ver = "v" + ver
	}
	dep := &pulumirpc.PackageDependency{
		Name: name, Kind: string(apitype.ResourcePlugin), Version: ver, Server: pkg.Pulumi.Server,
	}
	if p := pkg.Pulumi.Parameterization; p != nil {
		dep.Parameterization = &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
	}
	return dep, nil
}

// GetProgramDependencies reports the installed version of each dependency in package.json.
func (h *nodeHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := programDirectory(req.GetInfo(), req.GetPwd())
	pkg, err := readPackageJSON(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(pkg.Dependencies))
	for name := range pkg.Dependencies {
		names = append(names, name)
	}
	sort.Strings(names)
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, name := range names {
		installed, err := readPackageJSON(filepath.Join(dir, "node_modules", name, "package.json"))
		if err != nil {
			return nil, fmt.Errorf("dependency %s of %s is not installed: %w", name, dir, err)
		}
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: name, Version: installed.Version})
	}
	return resp, nil
}
