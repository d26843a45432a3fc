// ESLint flat config: typescript-eslint's recommended rules and Pulumi's own plugin, which flags
// Outputs used in template literals (use pulumi.interpolate instead).
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "bin/**",
      "policy/node_modules/**",
      "policy/bin/**",
      "coverage/**",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    plugins: { "@pulumi": pulumi },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // Size rules (issue 14): no file over 400 lines, counting every line.
      "max-lines": ["error", { max: 400, skipBlankLines: false, skipComments: false }],
      // ...and no function over 80 lines, except in tests (a describe callback is not a unit).
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    files: ["tests/**/*.ts", "policy/test/**/*.ts"],
    rules: { "max-lines-per-function": "off" },
  },
  {
    // Generated from the azure-native SDK and checked against it by tests/guardrails/sdk.test.ts.
    files: ["guardrails/taggable-types.ts"],
    rules: { "max-lines": "off" },
  },
);
