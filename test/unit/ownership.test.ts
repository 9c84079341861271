import { describe, expect, it } from "vitest";
import { MAX_OWNERSHIP_BYTES, parseOwnership } from "../../src/core/ownership/parse.js";

/** GitHub's example CODEOWNERS file from "About code owners", verbatim. */
const GITHUB_EXAMPLE = `# This is a comment.
# Each line is a file pattern followed by one or more owners.

# These owners will be the default owners for everything in
# the repo. Unless a later match takes precedence,
# @global-owner1 and @global-owner2 will be requested for
# review when someone opens a pull request.
*       @global-owner1 @global-owner2

# Order is important; the last matching pattern takes the most
# precedence. When someone opens a pull request that only
# modifies JS files, only @js-owner and not the global
# owner(s) will be requested for a review.
*.js    @js-owner #This is an inline comment.

# You can also use email addresses if you prefer. They'll be
# used to look up users just like we do for commit author
# emails.
*.go docs@example.com

# Teams can be specified as code owners as well. Teams should
# be identified in the format @org/team-name. Teams must have
# explicit write access to the repository. In this example,
# the octocats team in the octo-org organization owns all .txt files.
*.txt @octo-org/octocats

# In this example, @doctocat owns any files in the build/logs
# directory at the root of the repository and any of its
# subdirectories.
/build/logs/ @doctocat

# The \`docs/*\` pattern will match files like
# \`docs/getting-started.md\` but not further nested files like
# \`docs/build-app/troubleshooting.md\`.
docs/*  docs@example.com

# In this example, @octocat owns any file in an apps directory
# anywhere in your repository.
apps/ @octocat

# In this example, @doctocat owns any file in the \`/docs\`
# directory in the root of your repository and any of its
# subdirectories.
/docs/ @doctocat

# In this example, any change inside the \`/scripts\` directory
# will require approval from @doctocat or @octocat.
/scripts/ @doctocat @octocat

# In this example, @octocat owns any file in a \`/logs\` directory such as
# \`/build/logs\`, \`/scripts/logs\`, and \`/deeply/nested/logs\`. Any changes
# in a \`/logs\` directory will require approval from @octocat.
**/logs @octocat

# In this example, @octocat owns any file in the \`/apps\`
# directory in the root of your repository except for the \`/apps/github\`
# subdirectory, as its owners are left empty.
/apps/ @octocat
/apps/github

# In this example, @octocat owns any file in the \`/apps\`
# directory in the root of your repository except for the \`/apps/github\`
# subdirectory, as this subdirectory has its own owner @doctocat
/apps/ @octocat
/apps/github @doctocat
`;

describe("GitHub's example CODEOWNERS file", () => {
  const ownership = parseOwnership(GITHUB_EXAMPLE);

  it("parses without errors", () => {
    expect(ownership.errors).toEqual([]);
    expect(ownership.rules).toHaveLength(14);
  });

  it.each([
    ["README.md", ["@global-owner1", "@global-owner2"]],
    ["src/app.js", ["@js-owner"]], // the inline comment is not an owner
    ["main.go", ["docs@example.com"]],
    ["a/b/notes.txt", ["@octo-org/octocats"]],
    ["docs/getting-started.md", ["@doctocat"]], // /docs/ comes after docs/*
    ["docs/build-app/troubleshooting.md", ["@doctocat"]],
    ["build/logs/x.js", ["@octocat"]], // **/logs comes after /build/logs/
    ["apps/a.js", ["@octocat"]],
    ["apps/github/x.js", ["@doctocat"]],
    ["scripts/x.txt", ["@doctocat", "@octocat"]],
    ["web/apps/a.go", ["@octocat"]],
    ["deeply/nested/logs/today.txt", ["@octocat"]],
  ])("%s is owned by %j", (path, owners) => {
    expect(ownership.ownersOf(path)).toEqual(owners);
  });

  it("names the winning rule's line", () => {
    expect(ownership.ruleFor("apps/github/x.js")?.line).toBe(65);
    expect(ownership.ruleFor("src/app.js")?.pattern).toBe("*.js");
  });
});

/** One pattern at a time. D: GitHub's docs; G: gitignore's docs; H: libraries' shared fixtures, where GitHub is silent. */
describe.each<[string, string, boolean]>([
  ["*", "README.md", true], // D
  ["*", "src/a/b/c.go", true], // D
  ["*.js", "app.js", true], // D
  ["*.js", "src/ui/app.js", true], // G: no slash matches at any level
  ["*.js", "app.jsx", false],
  ["*.js", "lib.js/index.ts", false], // a wildcard last segment names files, not directories
  ["/build/logs/", "build/logs/x.log", true], // D
  ["/build/logs/", "build/logs/2024/01/x.log", true], // D: and its subdirectories
  ["/build/logs/", "src/build/logs/x.log", false], // D: at the root
  ["/build/logs/", "build/logs", false], // G: trailing slash matches directories only
  ["docs/*", "docs/getting-started.md", true], // D
  ["docs/*", "docs/build-app/troubleshooting.md", false], // D: not further nested files
  ["docs/*", "src/docs/getting-started.md", false], // G: a middle slash anchors
  ["docs/*", "docs", false],
  ["apps/", "apps/index.js", true], // D
  ["apps/", "packages/web/apps/index.js", true], // D: anywhere
  ["apps/", "x/apps/a/b/c.js", true],
  ["apps/", "apps", false], // G: a file named apps is not a directory
  ["apps/", "myapps/index.js", false],
  ["/docs/", "docs/a.md", true], // D
  ["/docs/", "src/docs/a.md", false], // D
  ["/docs", "docs/a/b.md", true], // D (/apps/github example): no trailing slash still owns the directory
  ["/docs", "docs", true],
  ["/docs", "docsite/a.md", false],
  ["**/logs", "build/logs/a.log", true], // D
  ["**/logs", "logs/a.log", true], // G: same as "logs"
  ["**/logs", "a/logs", true], // G: file or directory
  ["**/logs", "a/logs2/x", false],
  ["/apps/github", "apps/githubber/x", false], // H
  ["/Docs/", "docs/a.md", false], // D: case-sensitive
  ["*.JS", "app.js", false], // D: case-sensitive
  ["foo/**/bar", "foo/bar", true], // G
  ["foo/**/bar", "foo/x/y/bar", true], // G
  ["foo/**/bar", "q/foo/bar", false], // H
  ["abc/**", "abc/x/y.z", true], // G: infinite depth
  ["abc/**", "abc", false], // H
  ["f?o", "foo", true], // G
  ["f?o", "fo", false],
  ["f?o", "fooo", false],
  ["Documentation/*.html", "Documentation/git.html", true], // G
  ["Documentation/*.html", "Documentation/ppc/ppc.html", false], // G
  ["Documentation/*.html", "tools/perf/Documentation/perf.html", false], // G
  ["/*.c", "cat-file.c", true], // G
  ["/*.c", "mozilla-sha1/sha1.c", false], // G
  ["/hello.*", "hello.txt", true], // G
  ["/hello.*", "a/hello.java", false], // G
  ["doc/frotz/", "a/doc/frotz/x", false], // G
  ["frotz/", "a/frotz/x", true], // G
  ["/*", "README.md", true], // H: root files only
  ["/*", "src/index.ts", false], // H
  ["a**b", "axyb", true], // G: other consecutive asterisks are plain stars
  ["a**b", "ax/yb", false],
  ["path\\ with\\ spaces/", "path with spaces/a.txt", true], // escaped spaces
  ["données/", "données/é.csv", true], // Unicode
  ["a+b(c).txt", "a+b(c).txt", true], // regex characters are literal
  ["a+b(c).txt", "aab(c).txt", false],
])("pattern %s against %s", (pattern, path, expected) => {
  it(expected ? "matches" : "does not match", () => {
    expect(parseOwnership(`${pattern} @owner`).ownersOf(path)).toEqual(expected ? ["@owner"] : []);
  });
});

describe("syntax", () => {
  it("skips and reports what GitHub does not support, with line numbers", () => {
    const ownership = parseOwnership(
      ["*.md @docs", "!*.md @nobody", "[ab].txt @x", "\\#file @x", "/ @x", "*.ts not-an-owner", "*.py @py"].join("\n"),
    );
    expect(ownership.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6]);
    expect(ownership.errors[0]?.message).toMatch(/negation/);
    expect(ownership.errors[1]?.message).toMatch(/ranges/);
    expect(ownership.errors[3]?.message).toMatch(/did you mean \*/);
    expect(ownership.errors[4]?.message).toMatch(/"not-an-owner" is not an owner/);
    expect(ownership.rules.map((r) => r.line)).toEqual([1, 7]);
    expect(ownership.ownersOf("a.md")).toEqual(["@docs"]);
  });

  it("accepts comments, blank lines, tabs, CRLF and owner-less rules", () => {
    const ownership = parseOwnership("# comment\r\n\r\n*\t@all  # trailing\r\n/vendor/\r\n");
    expect(ownership.errors).toEqual([]);
    expect(ownership.ownersOf("src/a.ts")).toEqual(["@all"]);
    expect(ownership.ownersOf("vendor/lib.js")).toEqual([]);
    expect(ownership.ruleFor("vendor/lib.js")?.line).toBe(4);
  });

  it("ignores a byte-order mark at the start of the file", () => {
    const ownership = parseOwnership("\uFEFF/prompts/ @ds\n");
    expect(ownership.ownersOf("prompts/a.txt")).toEqual(["@ds"]);
    expect(ownership.ruleFor("prompts/a.txt")?.pattern).toBe("/prompts/");
  });

  it("keeps # inside a pattern", () => {
    expect(parseOwnership("issue#1.md @x").ownersOf("issue#1.md")).toEqual(["@x"]);
  });

  it("accepts user, team and email owners", () => {
    const ownership = parseOwnership("* @user @org/team-name user@example.com @emu_user @role");
    expect(ownership.errors).toEqual([]);
    expect(ownership.ownersOf("x")).toHaveLength(5);
  });

  it("refuses a file of 3 MB or more, as GitHub does", () => {
    const ownership = parseOwnership("* @x\n".repeat(Math.ceil(MAX_OWNERSHIP_BYTES / 5)));
    expect(ownership.rules).toEqual([]);
    expect(ownership.errors).toEqual([{ line: 1, message: expect.stringMatching(/3 MB/), wholeFile: true }]);
  });

  it("an empty file owns nothing", () => {
    expect(parseOwnership("").ownersOf("a")).toEqual([]);
  });
});

describe("last matching rule wins, across index buckets", () => {
  it.each([
    // segment bucket beats an earlier extension bucket, and the reverse
    [["*.md @ext", "/docs/ @dir"], "docs/a.md", ["@dir"]],
    [["/docs/ @dir", "*.md @ext"], "docs/a.md", ["@ext"]],
    // unindexed catch-all after specific rules wins
    [["/docs/ @dir", "* @all"], "docs/a.md", ["@all"]],
    [["* @all", "/docs/ @dir", "*.md @ext", "/docs/*.md @docs-md"], "docs/a.md", ["@docs-md"]],
    // a repeated segment name in the path
    [["a/ @a", "/a/a/b @deep"], "a/a/b/c", ["@deep"]],
    [["/a/a/b @deep", "a/ @a"], "a/a/b/c", ["@a"]],
  ])("%j: %s -> %j", (lines, path, owners) => {
    expect(parseOwnership(lines.join("\n")).ownersOf(path)).toEqual(owners);
  });
});
