// What the server will hold the next publication to, shown before anyone tries to publish
// (issue 12): the survey's stored k, and how many more responses this version needs since its
// last publication. The facts come from GET …/publications; the rules are
// client/lib/policy.ts, the same ones the publish gate runs.
import { useEffect, useState } from "preact/hooks";
import { fill } from "../../lib/labels";
import {
  checkGrowth,
  checkK,
  kFloor,
  type PublishingFacts,
  publishingFactsSchema,
} from "../../lib/policy";
import { api } from "../api";
import { useStrings } from "../strings";

export interface PublishingRulesProps {
  slug: string;
  version: number;
  /** Responses that opened and validated: the N a publication would have. */
  responses: number;
  /** The k the coordinator chose. */
  k: number;
  /** Changes after each publish or withdraw, to read the facts again. */
  revision: unknown;
}

export function PublishingRules({ slug, version, responses, k, revision }: PublishingRulesProps) {
  const [facts, setFacts] = useState<PublishingFacts | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const t = useStrings().publish;

  useEffect(() => {
    let current = true;
    api.publications(slug).then((result) => {
      if (!current) return;
      const parsed = result.ok ? publishingFactsSchema.safeParse(result.value) : null;
      if (parsed?.success) {
        setFacts(parsed.data);
        setProblem(null);
      } else {
        setProblem(result.ok ? t.notUnderstood : result.message);
      }
    });
    return () => {
      current = false;
    };
  }, [slug, revision]);

  if (problem) {
    return (
      <p class="status error" data-testid="publishing-rules">
        {fill(t.noRules, { problem })}
      </p>
    );
  }
  if (!facts) return null;
  const floor = kFloor(facts);
  const kVerdict = checkK(k, facts);
  const growth = checkGrowth({ version, k: Math.max(k, floor), responses }, facts);
  return (
    <div class="publishing-rules" data-testid="publishing-rules">
      <p>
        {fill(facts.storedK === null && facts.history.length === 0 ? t.kOpen : t.kFixed, {
          floor,
        })}
      </p>
      {kVerdict.ok ? null : (
        <p class="status error" data-testid="k-floor-warning">
          {fill(t.kRefused, { k, floor })}
        </p>
      )}
      {growth.ok ? null : (
        <p class="status error" data-testid="growth-warning">
          {growth.reason === "needs_growth" && growth.needed === 1
            ? t.oneMore
            : fill(t.more, { n: growth.reason === "needs_growth" ? growth.needed : 0 })}
        </p>
      )}
    </div>
  );
}
