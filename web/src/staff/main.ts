// The staff console: the privacy officer's request and complaint queues, and support's customer and order
// look-up (masked, purpose chosen first). It renders exactly the fields the API returns to the signed-in role.
import type { OrdersClient } from '../../../clients/typescript/src/index';
import { apiClient, explain } from '../lib/api';
import { loadConfig } from '../lib/config';
import { field, h, inputValue, when } from '../lib/dom';
import { session } from '../lib/session';
import { type Page, shell } from '../lib/shell';

const ui = shell('Staff console');

const PAGES = {
  complaints: { href: '#/complaints', label: 'Complaint queue', role: 'privacy-officer' },
  requests: { href: '#/requests', label: 'Privacy request queue', role: 'privacy-officer' },
  lookup: { href: '#/lookup', label: 'Customer and order look-up', role: 'support' },
} as const;

const SUPPORT_PURPOSES = {
  customer_support: 'Answering the customer’s question',
  refund_handling: 'Deciding a refund',
  identity_verification: 'Checking who is calling',
} as const;

type SupportPurpose = keyof typeof SUPPORT_PURPOSES;

async function start(): Promise<void> {
  const api = apiClient(await loadConfig());
  window.addEventListener('hashchange', () => void route(api));
  await route(api);
}

const groups = (): string[] => {
  const claim = session.claims()['cognito:groups'];
  return Array.isArray(claim) ? claim.map(String) : [];
};

async function route(api: OrdersClient): Promise<void> {
  if (!session.token()) return signInPage(api);
  const mine = Object.values(PAGES).filter((p) => groups().includes(p.role));
  ui.setNav(mine, () => {
    session.clear();
    history.replaceState(null, '', '#/');
    void route(api);
  });
  const page = mine.find((p) => p.href === location.hash) ?? mine[0];
  if (!page) {
    return ui.show({
      title: 'No console pages for this role',
      purpose: 'staff work on customer data, limited to what each role needs.',
      body: [h('p', null, `Signed in with the roles: ${groups().join(', ') || 'none'}.`)],
    });
  }
  if (page.href !== location.hash && !location.hash.startsWith('#/complaints/'))
    history.replaceState(null, '', page.href);
  const complaint = /^#\/complaints\/(.+)$/.exec(location.hash)?.[1];
  if (complaint && groups().includes('privacy-officer')) ui.show(await complaintPage(api, complaint));
  else if (page === PAGES.complaints) ui.show(await complaintsPage(api));
  else if (page === PAGES.requests) ui.show(await requestsPage(api));
  else ui.show(lookupPage(api));
}

function signInPage(api: OrdersClient): void {
  ui.setNav([]);
  const form: HTMLFormElement = h(
    'form',
    {
      onsubmit: (event: Event) => {
        event.preventDefault();
        session.set(inputValue(form, 'token'));
        void route(api);
      },
    },
    field(
      'Staff token',
      h('input', { name: 'token', type: 'password', autocomplete: 'off', required: true }),
      'Locally: npm run -s token -- --user you@example.com (an account made with npm run staff -- create --local). In AWS the staff pool’s sign-in with MFA.',
    ),
    h('button', { type: 'submit' }, 'Sign in'),
  );
  ui.show({ title: 'Staff sign-in', purpose: 'to know which role you work in before showing anything.', body: [form] });
}

function table(
  caption: string,
  columns: readonly string[],
  rows: readonly (readonly (string | Node)[])[],
): HTMLElement {
  if (rows.length === 0) return h('p', null, `${caption}: none.`);
  return h(
    'table',
    null,
    h('caption', null, caption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        columns.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((r) =>
        h(
          'tr',
          null,
          r.map((cell) => h('td', null, cell)),
        ),
      ),
    ),
  );
}

async function complaintsPage(api: OrdersClient): Promise<Page> {
  const { data, error, response } = await api.GET('/v1/admin/complaints', { params: { query: { limit: 100 } } });
  const purpose = 'handling complaints about how customer data is used, each by its legal deadline.';
  if (!data)
    return { title: 'Complaint queue', purpose, body: [h('p', { role: 'alert' }, explain(response.status, error))] };
  return {
    title: 'Complaint queue',
    purpose,
    body: [
      table(
        'Complaints, oldest due first',
        ['Complaint', 'Category', 'Status', 'Filed', 'Due', 'Overdue', 'Assignee', 'Customer id'],
        data.complaints.map((c) => [
          h('a', { href: `#/complaints/${c.id}` }, c.id),
          c.category.replace(/_/g, ' '),
          c.status,
          when(c.filedAt),
          when(c.dueAt),
          c.overdue ? 'OVERDUE' : 'no',
          c.assignee ?? '—',
          c.subjectId,
        ]),
      ),
    ],
  };
}

/** One complaint in full: read for complaint handling (audited, shown to the customer), then resolved. */
async function complaintPage(api: OrdersClient, complaintId: string): Promise<Page> {
  const header = { 'X-Access-Purpose': 'complaint_handling' } as const;
  const { data, error, response } = await api.GET('/v1/admin/complaints/{complaintId}', {
    params: { path: { complaintId }, header },
  });
  const title = `Complaint ${complaintId}`;
  const purpose = 'handling this complaint (your reading is recorded and shown to the customer).';
  if (!data) return { title, purpose, body: [h('p', { role: 'alert' }, explain(response.status, error))] };
  const form: HTMLFormElement = h(
    'form',
    {
      'aria-labelledby': 'resolve-heading',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const resolved = await api.POST('/v1/admin/complaints/{complaintId}/resolve', {
          params: { path: { complaintId }, header },
          body: { resolution: inputValue(form, 'resolution') },
        });
        if (resolved.data) {
          form.replaceWith(h('p', null, 'Resolved. The customer sees the outcome on their complaints page.'));
          ui.say('Complaint resolved.');
        } else ui.say(explain(resolved.response.status, resolved.error), true);
      },
    },
    h('h2', { id: 'resolve-heading' }, 'Resolve'),
    field('Outcome, as the customer will read it', h('textarea', { name: 'resolution', rows: 4, required: true })),
    h('button', { type: 'submit' }, 'Resolve complaint'),
  );
  return {
    title,
    purpose,
    body: [
      h('section', { 'aria-label': 'Complaint' }, show(data)),
      data.status === 'resolved' ? h('p', null, 'Resolved.') : form,
      h('p', null, h('a', { href: '#/complaints' }, 'Back to the queue')),
    ],
  };
}

async function requestsPage(api: OrdersClient): Promise<Page> {
  const { data, error, response } = await api.GET('/v1/admin/privacy-requests', { params: { query: { limit: 100 } } });
  const purpose = 'carrying out customers’ export, erasure and restriction requests by their legal deadline.';
  if (!data)
    return {
      title: 'Privacy request queue',
      purpose,
      body: [h('p', { role: 'alert' }, explain(response.status, error))],
    };
  return {
    title: 'Privacy request queue',
    purpose,
    body: [
      table(
        'Requests',
        ['Request', 'Type', 'Status', 'Received', 'Due', 'Overdue', 'Customer id'],
        data.requests.map((r) => [
          r.id,
          r.type,
          r.status.replace(/_/g, ' '),
          when(r.receivedAt),
          when(r.dueAt),
          r.overdue ? 'OVERDUE' : 'no',
          r.subjectId,
        ]),
      ),
    ],
  };
}

/** A value as returned, nested objects as nested lists: nothing added, nothing unmasked. */
function show(value: unknown): Node {
  if (Array.isArray(value))
    return h(
      'ol',
      null,
      value.map((v) => h('li', null, show(v))),
    );
  if (value && typeof value === 'object') {
    return h(
      'dl',
      null,
      Object.entries(value).flatMap(([k, v]) => [h('dt', null, k), h('dd', null, show(v))]),
    );
  }
  return document.createTextNode(String(value));
}

function lookupPage(api: OrdersClient): Page {
  const result = h('section', { 'aria-live': 'polite', 'aria-label': 'Result' });
  const form: HTMLFormElement = h(
    'form',
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const purpose = inputValue(form, 'purpose') as SupportPurpose;
        const id = inputValue(form, 'id');
        const header = { 'X-Access-Purpose': purpose };
        const answer =
          inputValue(form, 'kind') === 'order'
            ? await api.GET('/v1/admin/orders/{orderId}', { params: { path: { orderId: id }, header } })
            : await api.GET('/v1/admin/customers/{subjectId}', { params: { path: { subjectId: id }, header } });
        if (answer.data) result.replaceChildren(h('h2', null, 'What support may see'), show(answer.data));
        else result.replaceChildren(h('p', { role: 'alert' }, explain(answer.response.status, answer.error)));
      },
    },
    field(
      'Why are you looking?',
      h(
        'select',
        { name: 'purpose', required: true },
        h('option', { value: '' }, 'Choose the purpose first'),
        Object.entries(SUPPORT_PURPOSES).map(([value, label]) => h('option', { value }, label)),
      ),
      'Recorded in the audit trail and shown to the customer in their access log.',
    ),
    field(
      'Look up',
      h(
        'select',
        { name: 'kind' },
        h('option', { value: 'customer' }, 'a customer by id'),
        h('option', { value: 'order' }, 'an order by id'),
      ),
    ),
    field('Id', h('input', { name: 'id', required: true, autocomplete: 'off' })),
    h('button', { type: 'submit' }, 'Look up'),
  );
  return {
    title: 'Customer and order look-up',
    purpose: 'answering a customer’s question, with their details masked to what support needs.',
    body: [form, result],
  };
}

start().catch((error: unknown) => {
  ui.show({
    title: 'The console could not start',
    purpose: 'staff work on customer data.',
    body: [h('p', { role: 'alert' }, String(error))],
  });
});
