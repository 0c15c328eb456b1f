import type { ControlFamily } from '../family.js';
import { csiDrivers } from './csi-drivers.js';
import { flexVolumeDrivers } from './flexvolume-drivers.js';
import { hostNamespaces } from './host-namespaces.js';
import { hostPaths } from './host-paths.js';
import { hostPorts } from './host-ports.js';
import { runtimeClass } from './runtime-class.js';
import { sysctls } from './sysctls.js';
import { volumes } from './volumes.js';

/** The families that check pod-level fields (host namespaces, volumes, sysctls, runtime class) and host ports. */
export const POD_LEVEL_FAMILIES: readonly ControlFamily[] = [hostNamespaces, hostPorts, volumes, hostPaths, flexVolumeDrivers, csiDrivers, sysctls, runtimeClass];
