// Browser tests need the built client (dist/client); build it once per run.
import { build } from "vite";

export default async function setup(): Promise<void> {
  await build({ logLevel: "warn" });
}
