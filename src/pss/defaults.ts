/**
 * The API server defaults a pod before admission sees it. An offline evaluator must apply the defaults
 * that change what a check sees (reference §7.6; kubernetes/kubernetes `pkg/apis/core/v1/defaults.go`).
 */

/**
 * `SetDefaults_Volume`: a volume that names no source becomes `emptyDir: {}`.
 * Applies to pods and to pod templates alike.
 */
export function defaultVolumeSources(sources: readonly string[]): readonly string[] {
  return sources.length === 0 ? ['emptyDir'] : sources;
}

/**
 * `defaultHostNetworkPorts`: in a pod with `hostNetwork: true`, a port without `hostPort` gets
 * `hostPort = containerPort` (init and regular containers). Since Kubernetes 1.28 this is done for Pods only,
 * not for the pod templates of workloads, so the caller opts in.
 */
export function defaultHostPort(hostPort: number, containerPort: number, hostNetworkPod: boolean): number {
  return hostNetworkPod && hostPort === 0 ? containerPort : hostPort;
}
