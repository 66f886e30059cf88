// Self time in a V8 .cpuprofile (what `node --cpu-prof` writes), by function and by package:
// where the server's own CPU goes, idle time left out.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

const IDLE = new Set(["(idle)", "(program)"]);

/** Where a function lives: an npm package, node itself, V8, or our source folder. */
function packageOf({ functionName, url }: ProfileNode["callFrame"]): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const nodeModules = url.lastIndexOf("node_modules/");
  if (nodeModules >= 0) {
    const [scope = "", name = ""] = url.slice(nodeModules + 13).split("/");
    return scope.startsWith("@") ? `${scope}/${name}` : scope;
  }
  if (url.startsWith("node:")) return "node";
  const ours = url.match(/\/(server|client|surveys|bench|test)\/.*/);
  return ours ? ours[0].slice(1) : url;
}

export function selfTimes(file: string, top = 25): { functions: SelfTime[]; packages: SelfTime[] } {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!node || IDLE.has(node.callFrame.functionName)) return;
    busy += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = packageOf(node.callFrame);
    const short = url ? `${where}:${lineNumber + 1}` : where;
    const name = `${functionName || "(anonymous)"} ${short}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    packages.set(where, (packages.get(where) ?? 0) + us);
  });
  const rank = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / busy }));
  return { functions: rank(functions), packages: rank(packages) };
}
