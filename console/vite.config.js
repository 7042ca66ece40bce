import { defineConfig } from 'vite';

// No React plugin needed: esbuild compiles JSX. Assets are hashed under /assets, served by ConsoleRoutes.
export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic' },
  css: {
    preprocessorOptions: {
      scss: { api: 'modern-compiler', quietDeps: true, silenceDeprecations: ['import', 'global-builtin'] },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    reportCompressedSize: false,
    rollupOptions: {
      // Carbon marks its modules "use client" for React Server Components; meaningless in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    // `npm run dev` against a running `maestro serve` on 8080
    proxy: { '/api': 'http://127.0.0.1:8080', '/v1': 'http://127.0.0.1:8080', '/health': 'http://127.0.0.1:8080' },
  },
});
