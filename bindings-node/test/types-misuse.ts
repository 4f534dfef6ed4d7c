// Misuse that the declarations must reject (see types.test.mjs).
import { WorkOS } from 'workos-dsync';

export async function misuse(): Promise<void> {
  const workos = new WorkOS('sk_test');
  await workos.directorySync.getDirectory(42);
  await workos.directorySync.listDirectories({ order: 'sideways' });
  const n: number = (await workos.directorySync.getDirectory('x')).name;
  await workos.directorySync.deleteDirectory('x', { timeout: '5s', extraHeaders: { 'X-A': 1 } });
  void n;
}
