// Builds the app once for every end-to-end file and serves it on a loopback port; the files get
// the origin and the dist folder through inject().
import type { Server } from 'node:http';
import type { TestProject } from 'vitest/node';
import { buildApp, serve } from './browser.js';

let server: Server | null = null;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dist = await buildApp();
  const s = await serve(dist);
  server = s.server;
  project.provide('origin', s.origin);
  project.provide('dist', dist);
  return async () => {
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    origin: string;
    dist: string;
  }
}
