/// <reference types="vite/client" />

// The lab pages' virtual modules, made by labEnginePlugin (engine-plugin.ts).
declare module 'virtual:lab-engine/modules' {
  /** The realm's engine module map: repository path → CommonJS, as the CLI grades with. */
  const modules: Readonly<Record<string, string>>;
  export default modules;
}

declare module 'virtual:lab-engine/sources' {
  /** The engine's TypeScript sources by repository path, for the editor's type checking. */
  const sources: Readonly<Record<string, string>>;
  export default sources;
}

// Monaco's editor core with its standalone features; its API is monaco-editor's.
declare module 'monaco-editor/esm/vs/editor/edcore.main.js' {
  export * from 'monaco-editor';
}
