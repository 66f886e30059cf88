// The processor time a PostgreSQL cluster has used so far, all its processes together: the
// postmaster, its live children (backends, checkpointer, autovacuum) and every child that has
// exited, which Linux adds to the postmaster's cutime and cstime once it is waited for. Read
// before and after a run, it is what that run cost PostgreSQL, the half of a submission's work
// the server process's own CPU time leaves out.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));

/** Fields of /proc/<pid>/stat after the command's name, which may hold spaces: [state, ppid, …]. */
function statFields(pid: string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined; // exited since the folder was listed
  }
}

/** utime, stime, cutime, cstime: fields 14–17 of stat, 11–14 after the name. */
const ticks = (fields: string[], withChildren: boolean) =>
  Number(fields[11]) +
  Number(fields[12]) +
  (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);

export function clusterCpuMs(dataDir: string): number {
  const postmaster = readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0] ?? "";
  const own = statFields(postmaster);
  if (!own) throw new Error(`PostgreSQL's postmaster (${postmaster}) is not running`);
  let total = ticks(own, true);
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const fields = statFields(pid);
    if (fields?.[1] === postmaster) total += ticks(fields, false);
  }
  return (total * 1000) / TICKS_PER_SECOND;
}
