import { docsMain } from "../../../cli/docs/main";

/** `npm run docs`: an unknown argument is refused before anything is rendered or written. */
describe("npm run docs arguments", () => {
  it("refuses a misspelt --check with exit 2 and the usage, writing nothing", () => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, "error").mockImplementation((m: string) => errors.push(m));
    try {
      expect(docsMain(["--chek"])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join("\n")).toMatch(
      /unknown argument: --chek\nusage: npm run docs \[-- --check\]/,
    );
  });

  it("--check passes on the committed files", () => {
    expect(docsMain(["--check"])).toBe(0);
  });
});
