// The staff console: the privacy officer's complaint and request queues (with their decisions), incidents and
// policy versions, and support's customer and order look-up (masked, purpose chosen first). It renders exactly
// the fields the API returns to the signed-in role.
import type { OrdersClient, Schemas } from '../../../clients/typescript/src/index';
import { apiClient, explain } from '../lib/api';
import { loadConfig, type WebConfig } from '../lib/config';
import { field, h, inputValue, when } from '../lib/dom';
import { SignInError, signIn } from '../lib/identity';
import { session } from '../lib/session';
import { type Page, shell } from '../lib/shell';

const ui = shell('Staff console');

const PAGES = {
  complaints: { href: '#/complaints', label: 'Complaint queue', role: 'privacy-officer' },
  requests: { href: '#/requests', label: 'Privacy request queue', role: 'privacy-officer' },
  incidents: { href: '#/incidents', label: 'Incidents', role: 'privacy-officer' },
  policies: { href: '#/policies', label: 'Privacy policy', role: 'privacy-officer' },
  lookup: { href: '#/lookup', label: 'Customer and order look-up', role: 'support' },
} as const;

const SUPPORT_PURPOSES = {
  customer_support: 'Answering the customer’s question',
  refund_handling: 'Deciding a refund',
  identity_verification: 'Checking who is calling',
} as const;

type SupportPurpose = keyof typeof SUPPORT_PURPOSES;

/** Where the API and (locally) the staff pool's sign-in are; loaded once at start. */
let config: WebConfig;

async function start(): Promise<void> {
  config = await loadConfig();
  const api = apiClient(config);
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
  const page = mine.find((p) => location.hash === p.href || location.hash.startsWith(`${p.href}/`)) ?? mine[0];
  if (!page) {
    return ui.show({
      title: 'No console pages for this role',
      purpose: 'staff work on customer data, limited to what each role needs.',
      body: [h('p', null, `Signed in with the roles: ${groups().join(', ') || 'none'}.`)],
    });
  }
  // A page's own sub-pages (`#/complaints/<id>`, `#/incidents/<id>`, `#/policies/<version>`) keep their address.
  const [, section, id] = /^#\/([a-z-]+)(?:\/(.+))?$/.exec(location.hash) ?? [];
  if (page.href !== `#/${section}`) history.replaceState(null, '', page.href);
  else if (id && page === PAGES.complaints) return ui.show(await complaintPage(api, id));
  else if (id && page === PAGES.incidents) return ui.show(await incidentPage(api, id));
  else if (id && page === PAGES.policies) return ui.show(await policyPage(api, Number(id)));
  if (page === PAGES.complaints) ui.show(await complaintsPage(api));
  else if (page === PAGES.requests) ui.show(await requestsPage(api));
  else if (page === PAGES.incidents) ui.show(await incidentsPage(api));
  else if (page === PAGES.policies) ui.show(await policiesPage(api));
  else ui.show(lookupPage(api));
}

/** The signed-in staff member's id (`sub`), as assignments name them. */
const me = (): string => String(session.claims().sub ?? '');

/**
 * Locally (config.json names the staff pool's web client): e-mail and password against the local identity service,
 * with no MFA step. In AWS: the token `npm run staff -- sign-in` prints after the password and TOTP code.
 */
function signInPage(api: OrdersClient): void {
  ui.setNav([]);
  const local = config.staffIdentity;
  const form: HTMLFormElement = local
    ? h(
        'form',
        {
          onsubmit: (event: Event) => {
            event.preventDefault();
            const email = inputValue(form, 'email').toLowerCase();
            signIn(config, email, inputValue(form, 'password'), local)
              .then((token) => {
                session.set(token);
                return route(api);
              })
              .catch((error: unknown) =>
                ui.say(error instanceof SignInError ? error.message : 'The sign-in service cannot be reached.', true),
              );
          },
        },
        field('E-mail address', h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true })),
        field(
          'Password',
          h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
          'Local stack only: the password npm run staff -- create --local printed or was given. No MFA step here; the deployed staff pool asks for a TOTP code.',
        ),
        h('button', { type: 'submit' }, 'Sign in'),
      )
    : h(
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
          'The ID token npm run staff -- sign-in --email you@example.com --stack Orders-<stage>-Api prints (password and TOTP code).',
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
  const assign =
    data.status === 'open' &&
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: async () => {
          const assigned = await api.POST('/v1/admin/complaints/{complaintId}/assign', {
            params: { path: { complaintId } },
            body: { assignee: me() },
          });
          if (!assigned.data) return ui.say(explain(assigned.response.status, assigned.error), true);
          ui.show(await complaintPage(api, complaintId));
          ui.say('Assigned to you.');
        },
      },
      'Assign to me',
    );
  return {
    title,
    purpose,
    body: [
      h('section', { 'aria-label': 'Complaint' }, show(data)),
      assign,
      data.status === 'resolved' ? h('p', null, 'Resolved.') : form,
      h('p', null, h('a', { href: '#/complaints' }, 'Back to the queue')),
    ],
  };
}

const DECISIONS = {
  approve: 'Approve: carry it out now',
  reject: 'Reject: it will not be carried out',
  extend: 'Extend: more time, once, with the new due date told to the customer',
} as const;

/** The open requests, soonest due first, each with the decisions the API takes; the reason is what the customer reads. */
async function requestsPage(api: OrdersClient): Promise<Page> {
  const { data, error, response } = await api.GET('/v1/admin/privacy-requests', { params: { query: { limit: 100 } } });
  const purpose = 'carrying out customers’ export, erasure and restriction requests by their legal deadline.';
  const title = 'Privacy request queue';
  if (!data) return { title, purpose, body: [h('p', { role: 'alert' }, explain(response.status, error))] };
  const decide = (request: (typeof data.requests)[number]): HTMLElement => {
    const form: HTMLFormElement = h(
      'form',
      {
        class: 'decision',
        'aria-label': `Decide request ${request.id}`,
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const decided = await api.POST('/v1/admin/privacy-requests/{privacyRequestId}/decision', {
            params: { path: { privacyRequestId: request.id } },
            body: {
              action: inputValue(form, 'action') as keyof typeof DECISIONS,
              reason: inputValue(form, 'reason'),
            },
          });
          if (!decided.data) return ui.say(explain(decided.response.status, decided.error), true);
          ui.show(await requestsPage(api));
          ui.say(`Request ${request.id}: ${decided.data.status.replace(/_/g, ' ')}. The customer has been told.`);
        },
      },
      field(
        'Decision',
        h(
          'select',
          { id: `action-${request.id}`, name: 'action', required: true },
          // No decision is preselected: each is told to the customer and cannot be taken back.
          h('option', { value: '' }, 'Choose a decision'),
          Object.entries(DECISIONS).map(([value, label]) => h('option', { value }, label)),
        ),
      ),
      field(
        'Reason, as the customer will read it',
        h('textarea', { id: `reason-${request.id}`, name: 'reason', rows: 2, required: true, maxlength: 1000 }),
      ),
      h('button', { type: 'submit' }, 'Record decision'),
    );
    return form;
  };
  const lift = (subjectId: string) =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: async () => {
          const lifted = await api.DELETE('/v1/admin/customers/{subjectId}/restriction', {
            params: { path: { subjectId } },
          });
          if (!lifted.data) return ui.say(explain(lifted.response.status, lifted.error), true);
          ui.say(`The restriction of ${subjectId} is lifted.`);
        },
      },
      'Lift restriction',
    );
  return {
    title,
    purpose,
    body: [
      table(
        'Open requests, soonest due first',
        ['Request', 'Type', 'Status', 'Received', 'Due', 'Overdue', 'Customer id', 'History', 'Decision'],
        data.requests.map((r) => [
          r.id,
          r.type,
          r.status.replace(/_/g, ' '),
          when(r.receivedAt),
          when(r.dueAt),
          r.overdue ? 'OVERDUE' : 'no',
          r.subjectId,
          h(
            'ol',
            null,
            r.history.map((c) =>
              h('li', null, `${c.status.replace(/_/g, ' ')} ${when(c.at)}${c.note ? `: ${c.note}` : ''}`),
            ),
          ),
          r.type === 'restriction' && r.status === 'completed' ? lift(r.subjectId) : decide(r),
        ]),
      ),
    ],
  };
}

// ---- incidents ------------------------------------------------------------------------------------------

const CATEGORIES = {
  identity: 'Identity',
  contact: 'Contact details',
  address: 'Addresses',
  order_history: 'Order history',
  payment: 'Payment',
  account_credentials: 'Account credentials',
  engagement: 'Usage data',
  special_category: 'Special category data',
  other: 'Other',
} as const;
type Category = keyof typeof CATEGORIES;

/** A datetime-local value (the officer's local time) as an instant. */
const instant = (local: string): string => new Date(local).toISOString();
/** An instant as a datetime-local value, for a field's default. */
const local = (date: Date): string =>
  new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

async function incidentsPage(api: OrdersClient): Promise<Page> {
  const title = 'Incidents';
  const purpose =
    'personal-data breaches: each needs a decision on telling the supervisory authority within 72 hours of discovery.';
  const [open, decided] = await Promise.all([
    api.GET('/v1/admin/incidents', { params: { query: { status: 'open', limit: 100 } } }),
    api.GET('/v1/admin/incidents', { params: { query: { status: 'decided', limit: 100 } } }),
  ]);
  if (!open.data || !decided.data) {
    const failed = open.data ? decided : open;
    return { title, purpose, body: [h('p', { role: 'alert' }, explain(failed.response.status, failed.error))] };
  }
  const rows = (incidents: typeof open.data.incidents) =>
    incidents.map((i) => [
      h('a', { href: `#/incidents/${i.id}` }, i.id),
      i.status,
      when(i.discoveredAt),
      when(i.decisionDueAt),
      i.overdue ? 'OVERDUE' : 'no',
      i.dataCategories.map((c) => CATEGORIES[c]).join(', '),
      String(i.subjectCount),
      i.decision ? (i.decision.notifyAuthority ? 'authority notified' : 'not notified') : '—',
    ]);
  const columns = ['Incident', 'Status', 'Discovered', 'Decision due', 'Overdue', 'Data', 'Subjects', 'Decision'];
  const form: HTMLFormElement = h(
    'form',
    {
      'aria-labelledby': 'open-heading',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const categories = [...form.querySelectorAll<HTMLInputElement>('input[name="category"]:checked')].map(
          (box) => box.value as Category,
        );
        if (categories.length === 0) return ui.say('Choose at least one kind of data the breach touched.', true);
        const subjectIds = inputValue(form, 'subjects')
          .split(/[\s,]+/)
          .filter((id) => id !== '');
        const fromComplaintId = inputValue(form, 'complaint');
        const opened = await api.POST('/v1/admin/incidents', {
          body: {
            discoveredAt: instant(inputValue(form, 'discovered')),
            description: inputValue(form, 'description'),
            dataCategories: categories,
            subjectIds,
            ...(fromComplaintId && { fromComplaintId }),
          },
        });
        if (!opened.data) return ui.say(explain(opened.response.status, opened.error), true);
        location.hash = `#/incidents/${opened.data.id}`;
      },
    },
    h('h2', { id: 'open-heading' }, 'Open an incident'),
    field(
      'Discovered at',
      h('input', { name: 'discovered', type: 'datetime-local', required: true, value: local(new Date()) }),
      'The 72-hour clock runs from here.',
    ),
    field(
      'What happened',
      h('textarea', { name: 'description', rows: 3, required: true, maxlength: 5000 }),
      'Sealed: only privacy officers read it, and each reading is recorded.',
    ),
    h(
      'fieldset',
      null,
      h('legend', null, 'Data the breach touched'),
      Object.entries(CATEGORIES).map(([value, label]) =>
        h(
          'p',
          { class: 'check' },
          h('input', { type: 'checkbox', id: `cat-${value}`, name: 'category', value }),
          ' ',
          h('label', { for: `cat-${value}` }, label),
        ),
      ),
    ),
    field(
      'Affected customer ids',
      h('textarea', { name: 'subjects', rows: 2, autocomplete: 'off' }),
      'Ids, separated by spaces or commas (at most 1,000).',
    ),
    field(
      'From complaint (optional)',
      h('input', { name: 'complaint', autocomplete: 'off' }),
      'The id of a privacy-breach complaint this incident takes up; its customer is told.',
    ),
    h('button', { type: 'submit' }, 'Open incident'),
  );
  return {
    title,
    purpose,
    body: [
      table('Open incidents, soonest decision due first', columns, rows(open.data.incidents)),
      table('Decided incidents', columns, rows(decided.data.incidents)),
      form,
    ],
  };
}

/** One incident with its description (the read is audited), and the authority decision while it is open. */
async function incidentPage(api: OrdersClient, incidentId: string): Promise<Page> {
  const title = `Incident ${incidentId}`;
  const purpose = 'deciding whether to tell the supervisory authority (your reading is recorded).';
  const { data, error, response } = await api.GET('/v1/admin/incidents/{incidentId}', {
    params: { path: { incidentId } },
  });
  if (!data) return { title, purpose, body: [h('p', { role: 'alert' }, explain(response.status, error))] };
  const reference = field(
    'Authority case reference',
    h('input', { name: 'reference', autocomplete: 'off', maxlength: 200 }),
    'Needed when the authority is notified.',
  );
  const form: HTMLFormElement = h(
    'form',
    {
      'aria-labelledby': 'decide-heading',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const notify = (form.elements.namedItem('notify') as RadioNodeList).value === 'yes';
        const reasons = inputValue(form, 'reasons');
        const authorityReference = inputValue(form, 'reference');
        if (notify && !authorityReference) return ui.say('Give the authority’s case reference.', true);
        const decided = await api.POST('/v1/admin/incidents/{incidentId}/decision', {
          params: { path: { incidentId } },
          body: notify ? { notifyAuthority: true, reasons, authorityReference } : { notifyAuthority: false, reasons },
        });
        if (!decided.data) return ui.say(explain(decided.response.status, decided.error), true);
        ui.show(await incidentPage(api, incidentId));
        ui.say('Decision recorded.');
      },
    },
    h('h2', { id: 'decide-heading' }, 'Authority decision'),
    h(
      'fieldset',
      null,
      h('legend', null, 'Notify the supervisory authority?'),
      h(
        'p',
        { class: 'check' },
        h('input', { type: 'radio', id: 'notify-yes', name: 'notify', value: 'yes', required: true }),
        ' ',
        h('label', { for: 'notify-yes' }, 'Yes, the authority was notified'),
      ),
      h(
        'p',
        { class: 'check' },
        h('input', { type: 'radio', id: 'notify-no', name: 'notify', value: 'no' }),
        ' ',
        h('label', { for: 'notify-no' }, 'No, the breach is unlikely to risk anyone’s rights'),
      ),
    ),
    field('Reasons', h('textarea', { name: 'reasons', rows: 3, required: true, maxlength: 2000 })),
    reference,
    h('button', { type: 'submit' }, 'Record decision'),
  );
  return {
    title,
    purpose,
    body: [
      h('section', { 'aria-label': 'Incident' }, show(data)),
      data.status === 'open' ? form : null,
      h('p', null, h('a', { href: '#/incidents' }, 'All incidents')),
    ],
  };
}

// ---- privacy policy -------------------------------------------------------------------------------------

/** Announced versions (public), drafts not yet announced, and a form for the next draft. */
async function policiesPage(api: OrdersClient): Promise<Page> {
  const title = 'Privacy policy';
  const purpose = 'what customers are told about their data; material changes must be accepted again.';
  const { data, error, response } = await api.GET('/v1/privacy-policy/versions');
  if (!data) return { title, purpose, body: [h('p', { role: 'alert' }, explain(response.status, error))] };
  // Drafts have no list route: they are the versions after the newest announced one, numbered in turn.
  const drafts: Schemas['PrivacyPolicyVersionDetail'][] = [];
  for (let version = Math.max(0, ...data.versions.map((v) => v.version)) + 1; drafts.length < 20; version++) {
    const draft = await api.GET('/v1/admin/privacy-policies/{version}', { params: { path: { version } } });
    if (!draft.data) break;
    drafts.push(draft.data);
  }
  const form: HTMLFormElement = h(
    'form',
    {
      'aria-labelledby': 'draft-heading',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const drafted = await api.POST('/v1/admin/privacy-policies', {
          body: {
            summary: inputValue(form, 'summary'),
            content: inputValue(form, 'content'),
            material: (form.elements.namedItem('material') as HTMLInputElement).checked,
          },
        });
        if (!drafted.data) return ui.say(explain(drafted.response.status, drafted.error), true);
        location.hash = `#/policies/${drafted.data.version}`;
      },
    },
    h('h2', { id: 'draft-heading' }, 'Draft the next version'),
    field('Summary of the change', h('input', { name: 'summary', required: true, maxlength: 2000 })),
    field('Full text', h('textarea', { name: 'content', rows: 8, required: true, maxlength: 100000 })),
    h(
      'p',
      { class: 'check' },
      h('input', { type: 'checkbox', id: 'material', name: 'material' }),
      ' ',
      h('label', { for: 'material' }, 'Material change: customers must accept it before their next order'),
    ),
    h('button', { type: 'submit' }, 'Save draft'),
  );
  return {
    title,
    purpose,
    body: [
      table(
        'Announced versions, newest first',
        ['Version', 'Status', 'Announced', 'In force from', 'Material', 'Summary'],
        data.versions.map((v) => [
          String(v.version),
          v.status,
          when(v.announcedAt),
          when(v.effectiveAt),
          v.material ? 'yes' : 'no',
          v.summary,
        ]),
      ),
      table(
        'Drafts',
        ['Version', 'Created', 'Material', 'Summary'],
        drafts.map((d) => [
          h('a', { href: `#/policies/${d.version}` }, `Version ${d.version}`),
          when(d.createdAt),
          d.material ? 'yes' : 'no',
          d.summary,
        ]),
      ),
      form,
    ],
  };
}

/** Notice before a version takes effect (the API checks it: 14 days, decision 0015). */
const NOTICE_DAYS = 14;

async function policyPage(api: OrdersClient, version: number): Promise<Page> {
  const title = `Privacy policy version ${version}`;
  const purpose = 'what customers are told about their data; material changes must be accepted again.';
  const { data, error, response } = await api.GET('/v1/admin/privacy-policies/{version}', {
    params: { path: { version } },
  });
  if (!data) return { title, purpose, body: [h('p', { role: 'alert' }, explain(response.status, error))] };
  const earliest = new Date(Date.now() + (NOTICE_DAYS + 1) * 86_400_000);
  earliest.setHours(0, 0, 0, 0);
  const form: HTMLFormElement = h(
    'form',
    {
      'aria-labelledby': 'announce-heading',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const announced = await api.POST('/v1/admin/privacy-policies/{version}/announce', {
          params: { path: { version } },
          body: { effectiveAt: instant(inputValue(form, 'effective')) },
        });
        if (!announced.data) return ui.say(explain(announced.response.status, announced.error), true);
        ui.show(await policyPage(api, version));
        ui.say(`Version ${version} announced: in force from ${when(announced.data.effectiveAt)}. Customers are told.`);
      },
    },
    h('h2', { id: 'announce-heading' }, 'Announce'),
    field(
      'In force from',
      h('input', { name: 'effective', type: 'datetime-local', required: true, value: local(earliest) }),
      `At least ${NOTICE_DAYS} days from now, so customers have notice.`,
    ),
    h('button', { type: 'submit' }, 'Announce this version'),
  );
  return {
    title,
    purpose,
    body: [
      h(
        'dl',
        null,
        h('dt', null, 'Status'),
        h('dd', null, data.status),
        h('dt', null, 'Material'),
        h('dd', null, data.material ? 'yes: customers must accept it again' : 'no'),
        h('dt', null, 'Created'),
        h('dd', null, when(data.createdAt)),
        data.effectiveAt && [h('dt', null, 'In force from'), h('dd', null, when(data.effectiveAt))],
        h('dt', null, 'Summary'),
        h('dd', null, data.summary),
      ),
      h('h2', null, 'Full text'),
      h('div', { class: 'policy-text' }, data.content),
      data.status === 'draft' ? form : null,
      h('p', null, h('a', { href: '#/policies' }, 'All versions')),
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
