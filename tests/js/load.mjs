// Loads the real map scripts from maps/assets/ into a fresh context, as a page would.
import { readFileSync } from "node:fs";
import vm from "node:vm";

const ASSETS = new URL("../../maps/assets/", import.meta.url);

/** window.MapsKit after kit.js and then each named script (e.g. "draw.js") have run. */
export function loadKit(...names) {
  const context = vm.createContext({ window: {} });
  for (const name of ["kit.js", ...names]) {
    const url = new URL(name, ASSETS);
    vm.runInContext(readFileSync(url, "utf8"), context, { filename: url.pathname });
  }
  return context.window.MapsKit;
}

/** A value from the scripts' context as plain data, so deepStrictEqual compares contents only. */
export function plain(value) {
  return JSON.parse(JSON.stringify(value));
}
