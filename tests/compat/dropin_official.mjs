// A short program written for the official WorkOS Node SDK, @workos-inc/node
// 11.0.0. The drop-in tests run it as it is with that SDK
// (tests/compat/official_node.test.mjs), and with the module it imports
// turned into 'workos-dsync' and nothing else changed
// (bindings-node/test/dropin.test.mjs), against the mock seeded from
// dropin_official_node.json, and expect the same output from both: the `stdout`
// of that file. It prints only what both SDKs agree on: not `state` (the
// official SDK reports "linked" as "active").
//
// MOCK_HOST and MOCK_PORT say where the mock is.
import { WorkOS, NotFoundException } from '@workos-inc/node';

const workos = new WorkOS(process.env.WORKOS_API_KEY, {
  apiHostname: process.env.MOCK_HOST,
  port: Number(process.env.MOCK_PORT),
  https: false,
});
const id = 'directory_dropin_03';

const directory = await workos.directorySync.getDirectory(id);
console.log('get', directory.id, directory.name, directory.organizationId, directory.type, directory.domain);

const page = await workos.directorySync.listDirectories({ organizationId: 'org_dropin', limit: 4, order: 'asc' });
console.log('page', page.data.map((d) => d.id).join(' '), 'after', page.listMetadata.after);

// No limit on the list: the official SDK's autoPagination() then walks every page.
const list = await workos.directorySync.listDirectories({ organizationId: 'org_dropin', order: 'asc' });
const all = await list.autoPagination();
console.log('all', all.length, all.map((d) => d.name.replace('Dropin ', '')).join(' '));

await workos.directorySync.deleteDirectory(id);
console.log('deleted', id);

try {
  await workos.directorySync.getDirectory(id);
  console.log('still there', id);
} catch (error) {
  if (!(error instanceof NotFoundException)) throw error;
  console.log('not found', error.name, error.status, error.code, error.message);
}
