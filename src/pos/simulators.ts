/**
 * The simulator registry: vendor name -> how to start that vendor's simulator on 127.0.0.1 with
 * credentials that work against it. Demo mode (`src/demo/simulators.ts`), tests and benchmarks use
 * it; production code uses `registry.ts`, which imports no simulator.
 */
import { blazeSimulator } from './blaze/simulator.ts';
import { covaSimulator } from './cova/simulator.ts';
import { dutchieSimulator } from './dutchie/simulator.ts';
import { flowhubSimulator } from './flowhub/simulator.ts';
import type { PosVendor } from './port.ts';
import type { SimulatorOptions, StartedVendorSimulator, VendorSimulator } from './simulator-kit/simulator-types.ts';
import { treezSimulator } from './treez/simulator.ts';

/** One simulator per registered vendor (`registry.test.ts` checks the two lists agree). */
const simulators: Record<PosVendor, VendorSimulator<unknown>> = {
  treez: treezSimulator as VendorSimulator<unknown>,
  flowhub: flowhubSimulator as VendorSimulator<unknown>,
  cova: covaSimulator as VendorSimulator<unknown>,
  dutchie: dutchieSimulator as VendorSimulator<unknown>,
  blaze: blazeSimulator as VendorSimulator<unknown>,
};

export function simulatedVendors(): PosVendor[] {
  return Object.keys(simulators) as PosVendor[];
}

/** The simulator entry for `name`, or `undefined` for a vendor without one. */
export function vendorSimulator(name: string): VendorSimulator<unknown> | undefined {
  return Object.hasOwn(simulators, name) ? simulators[name as PosVendor] : undefined;
}

/** Starts `vendor`'s simulator; throws for a vendor without one. */
export function startVendorSimulator(
  vendor: string,
  options?: SimulatorOptions,
): Promise<StartedVendorSimulator<unknown>> {
  const found = vendorSimulator(vendor);
  if (!found) throw new Error(`no simulator for POS vendor: ${vendor}`);
  return found.start(options);
}
