/** Poll until `check` returns a truthy value, or fail after `ms` saying what was awaited. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, ms = 10_000, every = 20): Promise<NonNullable<T>> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
