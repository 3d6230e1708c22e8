// ESLint for the map controls (browser scripts in maps/assets/) and their Node unit tests.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["maps/assets/leaflet.js", "node_modules/", "build/", ".venv/"] },
  js.configs.recommended,
  {
    files: ["maps/assets/**/*.js"],
    languageOptions: {
      ecmaVersion: 2017,
      sourceType: "script",
      globals: { ...globals.browser, L: "readonly", MapsKit: "writable" },
    },
    rules: {
      "no-var": "off",
      "no-implicit-globals": "error",
      "no-unused-vars": ["error", { args: "none" }],
      eqeqeq: ["error", "always"],
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      strict: ["error", "function"],
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "user text is text: use textContent" },
        { property: "outerHTML", message: "user text is text: use textContent" },
        { property: "insertAdjacentHTML", message: "user text is text: use textContent" },
        { object: "document", property: "write", message: "user text is text: build DOM nodes" },
        { object: "document", property: "writeln", message: "user text is text: build DOM nodes" },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name=/^bind(Tooltip|Popup)$/][arguments.0.type=/Literal|TemplateLiteral|BinaryExpression/]",
          message: "Leaflet parses string tooltips and popups as HTML: pass a DOM node",
        },
        {
          selector: "CallExpression[callee.property.name=/^bind(Tooltip|Popup)$/][arguments.0.callee.name='String']",
          message: "Leaflet parses string tooltips and popups as HTML: pass a DOM node",
        },
      ],
    },
  },
  {
    files: ["tests/js/**/*.{js,mjs}", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
