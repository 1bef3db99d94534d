import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes a Brotli and a gzip copy beside every script, style sheet and page of the build, once,
 * at the highest levels: the server hands them to browsers that accept them (@fastify/static's
 * `preCompressed`), so it never compresses a file at request time.
 */
function precompress(): Plugin {
  return {
    name: 'tiendo-precompress',
    // the browser's files only: the server's first-frame module is read from disk by the server
    apply: (_config, env) => env.command === 'build' && !env.isSsrBuild,
    enforce: 'post',
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(name)) continue;
        const path = join(dir, name);
        const raw = readFileSync(path);
        if (raw.length < 1024) continue;
        writeFileSync(`${path}.br`, brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
      }
    },
  };
}

/**
 * The app's chunk (`src/start.tsx`, which the entry imports once the page has been drawn) and the
 * chunks it imports, preloaded by the page: read and compiled while the page is parsed, run when
 * the entry asks for them. Their style sheets are linked by the page.
 */
function preloadApp(): Plugin {
  return {
    name: 'tiendo-preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const app = chunks.find((c) => c.facadeModuleId?.endsWith('/src/start.tsx'));
        if (!app) throw new Error('tiendo-preload-app: no chunk for src/start.tsx');
        const files = new Set<string>();
        const add = (name: string) => {
          if (files.has(name)) return;
          files.add(name);
          for (const dep of chunks.find((c) => c.fileName === name)?.imports ?? []) add(dep);
        };
        add(app.fileName);
        // Their style sheets are the page's, as when the app was the entry: nothing is drawn without them.
        const css = new Set([...files].flatMap((f) => [...(chunks.find((c) => c.fileName === f)?.viteMetadata?.importedCss ?? [])]));
        const tag = (rel: string, f: string) => ({
          tag: 'link',
          attrs: { rel, crossorigin: true, href: `/${f}` },
          injectTo: 'head' as const,
        });
        const absent = (f: string) => !html.includes(`/${f}"`);
        return [
          ...[...css].filter(absent).map((f) => tag('stylesheet', f)),
          ...[...files].filter(absent).map((f) => tag('modulepreload', f)),
        ];
      },
    },
  };
}

/**
 * `vite build` builds the app into `dist`; `vite build --ssr` (the second half of `npm run build`)
 * builds the module that renders its first frame on the server into `dist/ssr`, which the server
 * does not serve (`server/src/plugins/spa.ts`). The packages it imports (React, TanStack Query,
 * i18next) are the server's own, from node_modules; the workspace's source is bundled in.
 */
export default defineConfig(({ isSsrBuild }) => ({
  plugins: [react(), precompress(), preloadApp()],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: isSsrBuild
    ? {
        outDir: 'dist/ssr',
        emptyOutDir: true,
        sourcemap: false,
        copyPublicDir: false,
        // `.mjs`: ES modules to Node wherever the build is put (outside this package's "type": "module" too)
        rollupOptions: {
          input: 'src/first-frame.tsx',
          output: { entryFileNames: '[name].mjs', chunkFileNames: 'assets/[name]-[hash].mjs' },
        },
      }
    : { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 800 },
}));
