// WCAG 2.1 A/AA checks of a rendered component with axe-core, for states the end-to-end
// run cannot reach (it has no sync server: the sign-in form and the conflicts dialog).
// jsdom lays nothing out, so colour contrast is left to the real window (tests/src/axe.rs).
import axe from 'axe-core';

export async function wcagViolations(root: Element = document.body): Promise<string[]> {
  const result = await axe.run(root, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    rules: { 'color-contrast': { enabled: false } },
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}
