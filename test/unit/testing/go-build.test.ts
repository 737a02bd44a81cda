import { describe, expect, it } from 'vitest';
import {
  buildLdflags,
  etcdWrapperModule,
  goDirective,
  kubernetesWrapperModule,
  modulesRequiredAtV000,
  stagingVersion,
} from '../../../src/testing/harness/go-modules.js';
import {
  findGoToolchain,
  goVersionAtLeast,
  GoToolchainError,
} from '../../../src/testing/harness/go-toolchain.js';

// An excerpt of k8s.io/kubernetes v1.34.4's go.mod.
const KUBERNETES_GO_MOD = `module k8s.io/kubernetes

go 1.24.0

require (
	github.com/spf13/cobra v1.9.1
	k8s.io/api v0.0.0
	k8s.io/apiserver v0.0.0
	k8s.io/kubectl v0.0.0 // indirect
	k8s.io/klog/v2 v2.130.1
)

require k8s.io/cri-client v0.0.0

replace (
	k8s.io/api => ./staging/src/k8s.io/api
	k8s.io/sample-controller => ./staging/src/k8s.io/sample-controller
)
`;

describe('wrapper Go modules', () => {
  it('maps a Kubernetes release to the version of its staging modules', () => {
    expect(stagingVersion('v1.34.4')).toBe('v0.34.4');
    expect(() => stagingVersion('1.34')).toThrow(/v1\.34\.4/);
  });

  it('derives the staging modules from the modules required at v0.0.0', () => {
    expect(modulesRequiredAtV000(KUBERNETES_GO_MOD)).toEqual([
      'k8s.io/api',
      'k8s.io/apiserver',
      'k8s.io/cri-client',
      'k8s.io/kubectl',
    ]);
    expect(goDirective(KUBERNETES_GO_MOD)).toBe('1.24.0');
  });

  it('replaces every staging module with its released version, and pins both Kubernetes binaries', () => {
    const module = kubernetesWrapperModule('v1.34.4', ['k8s.io/api', 'k8s.io/apiserver']);
    expect(module.goMod).toContain('require k8s.io/kubernetes v1.34.4\n');
    expect(module.goMod).toContain(
      '\tk8s.io/api => k8s.io/api v0.34.4\n\tk8s.io/apiserver => k8s.io/apiserver v0.34.4\n',
    );
    expect(module.toolsGo).toMatch(/^\/\/go:build tools\n/);
    expect(module.toolsGo).toContain('_ "k8s.io/kubernetes/cmd/kube-apiserver"');
    expect(module.toolsGo).toContain('_ "k8s.io/kubernetes/cmd/kubectl"');
  });

  it('builds etcd from its own module, whose root is package main', () => {
    const module = etcdWrapperModule('v3.6.16');
    expect(module.goMod).toContain('require go.etcd.io/etcd/server/v3 v3.6.16\n');
    expect(module.goMod).not.toContain('k8s.io');
    expect(module.toolsGo).toContain('_ "go.etcd.io/etcd/server/v3"');
  });

  it('stamps the Kubernetes version so that /version does not report v0.0.0-master', () => {
    expect(buildLdflags('kube-apiserver', 'v1.34.4')).toContain(
      '-X k8s.io/component-base/version.gitVersion=v1.34.4',
    );
    expect(buildLdflags('kube-apiserver', 'v1.34.4')).toContain(
      '-X k8s.io/component-base/version.gitMinor=34',
    );
    expect(buildLdflags('etcd', 'v3.6.16')).toBe('-s -w');
  });
});

describe('the Go toolchain', () => {
  it('compares Go versions', () => {
    expect(goVersionAtLeast('go1.26.8', '1.24')).toBe(true);
    expect(goVersionAtLeast('go1.24.0', '1.24')).toBe(true);
    expect(goVersionAtLeast('go1.23.12', '1.24')).toBe(false);
    expect(goVersionAtLeast('go1.25.1', '1.26.0')).toBe(false);
  });

  it('fails, naming what to install, when go is neither on PATH nor in a fallback location', async () => {
    const error = await findGoToolchain({ PATH: '' }, ['/nonexistent/go/bin/go']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoToolchainError);
    expect((error as Error).message).toMatch(/Go >= 1\.24/);
    expect((error as Error).message).toContain('https://go.dev/dl');
    expect((error as Error).message).toMatch(/module proxy/);
  });
});
