import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "dist-check/**", "node_modules/**", "examples/**", "test/fixtures/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["*.js", "scripts/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowNumber: true, allowBoolean: true },
      ],
      "no-restricted-imports": "off",
    },
  },
  {
    // The pure core never touches the platform, the wall clock or randomness (docs/architecture.md).
    files: [
      "src/lifecycle/**/*.ts",
      "src/status/**/*.ts",
      "src/sidecarset/**/*.ts",
      "src/api/**/*.ts",
      "src/admission/**/*.ts",
      "src/controllers/**/*.ts",
      "src/podspec/**/*.ts",
      "src/resources/**/*.ts",
      "src/probes/prober-state.ts",
      "src/probes/probe-timing.ts",
      "src/doctor/**/*.ts",
      "src/timeline/**/*.ts",
    ],
    ignores: ["**/*.test.ts", "src/doctor/read-cluster-facts.ts", "src/timeline/read-run-timeline.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["node:*"], message: "The pure core imports no node:* modules." }] },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Time is an input: take `now` as a parameter." },
        { object: "Math", property: "random", message: "The pure core is deterministic." },
      ],
      "no-restricted-globals": ["error", "setTimeout", "setInterval", "process"],
    },
  },
  {
    files: ["**/*.test.ts", "test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
    },
  },
  { files: ["*.js"], ...tseslint.configs.disableTypeChecked },
);
