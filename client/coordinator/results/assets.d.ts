// Vite's `?url` imports: the built file's URL (the wasm HiGHS loads in the suppress worker).
declare module "*?url" {
  const url: string;
  export default url;
}
