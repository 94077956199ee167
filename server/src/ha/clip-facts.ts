/** What HomeSec already told HA about a clip, so a clip's many lifecycle steps publish each fact once. */
export type ClipFact = 'motion' | 'detection' | 'analysis' | 'snapshot' | 'alert' | 'counted';

const MAX_CLIPS = 500;

export class ClipFacts {
  private readonly seen = new Map<string, Set<ClipFact>>();

  /** True the first time `fact` is claimed for `clipId`. Remembers the newest clips only. */
  claim(clipId: string, fact: ClipFact): boolean {
    let facts = this.seen.get(clipId);
    if (!facts) {
      facts = new Set();
      this.seen.set(clipId, facts);
      if (this.seen.size > MAX_CLIPS) {
        const oldest = this.seen.keys().next();
        if (!oldest.done) this.seen.delete(oldest.value);
      }
    }
    if (facts.has(fact)) return false;
    facts.add(fact);
    return true;
  }
}
