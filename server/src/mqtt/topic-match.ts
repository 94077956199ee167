/** True when a topic name holds an MQTT wildcard (`+`, `#`) or is empty: such names cannot be published to. */
export function hasWildcard(topic: string): boolean {
  return topic.includes('+') || topic.includes('#');
}

/** Whether `topic` matches the subscription `filter` (MQTT 3.1.1 section 4.7 rules for `+` and `#`). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const part = f[i];
    if (part === '#') return true;
    if (i >= t.length) return false;
    if (part !== '+' && part !== t[i]) return false;
  }
  return f.length === t.length;
}
