// The page frame both apps share: header with the sign-out button, navigation, and a main region that always
// starts with the page's heading and the purpose its data serves.
import { h, replace } from './dom';

export interface Page {
  readonly title: string;
  /** Which purpose the data on this page serves, in the reader's words. */
  readonly purpose: string;
  readonly body: readonly (Node | string | null | false)[];
}

export interface Shell {
  /** Shows a page; moves focus to its heading so screen readers announce the change. */
  show(page: Page): void;
  /** A polite announcement, or with `alert` an assertive one, above the page's content. */
  say(message: string, alert?: boolean): void;
  setNav(links: readonly { href: string; label: string }[], onSignOut?: () => void): void;
}

export function shell(appName: string): Shell {
  const nav = document.getElementById('nav') as HTMLElement;
  const account = document.getElementById('account') as HTMLElement;
  const main = document.getElementById('main') as HTMLElement;
  let message: HTMLElement = h('div', { role: 'status', class: 'message' });
  const currentHash = () => location.hash || '#/';
  return {
    show(page) {
      document.title = `${page.title} — ${appName}`;
      message = h('div', { role: 'status', class: 'message' });
      replace(
        main,
        h('h1', { tabindex: '-1' }, page.title),
        h('p', { class: 'purpose' }, h('strong', null, 'Why we hold this: '), page.purpose),
        message,
        ...page.body,
      );
      for (const link of nav.querySelectorAll('a')) {
        if (link.getAttribute('href') === currentHash()) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      }
      main.querySelector('h1')?.focus();
    },
    say(text, alert = false) {
      const next = h('div', { role: alert ? 'alert' : 'status', class: alert ? 'message error' : 'message' }, text);
      message.replaceWith(next);
      message = next;
    },
    setNav(links, onSignOut) {
      replace(
        nav,
        links.length > 0 &&
          h(
            'ul',
            null,
            links.map((l) => h('li', null, h('a', { href: l.href }, l.label))),
          ),
      );
      replace(
        account,
        onSignOut && h('button', { type: 'button', class: 'secondary', onclick: onSignOut }, 'Sign out'),
      );
    },
  };
}
