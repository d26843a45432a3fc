import { planIsolated, PROJECT_DIR } from "../helpers/plan";

test("two plans of the dev stack register the same resources with the same inputs", async () => {
  const a = await planIsolated({ stack: "example-sandbox", projectDir: PROJECT_DIR });
  const b = await planIsolated({ stack: "example-sandbox", projectDir: PROJECT_DIR });
  expect(a.resources.length).toBeGreaterThan(5);
  expect(JSON.stringify(b.resources)).toBe(JSON.stringify(a.resources));
  expect(JSON.stringify(b.outputs)).toBe(JSON.stringify(a.outputs));
});
