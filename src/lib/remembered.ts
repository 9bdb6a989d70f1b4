/**
 * A value made once per key and kept for the isolate's life: what Intl gives for a date,
 * a count or an amount costs microseconds to make and nothing to look up, and pages ask
 * for the same few hundred on every request (issue 18). Bounded: the cache is emptied
 * when it holds `max` entries (simpler than an LRU, and a refill is cheap).
 */
export function remembered<K, V>(cache: Map<K, V>, key: K, make: (key: K) => V, max: number): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make(key);
    if (cache.size >= max) cache.clear();
    cache.set(key, value);
  }
  return value;
}
