// The customer's account and privacy centre: sign in, profile, consents, orders, privacy requests (export,
// erasure, restriction), the access log, what was shared with whom (the disclosure ledger), complaints and
// notifications. Talks to the API only through the typed client.
import { allPages, type OrdersClient, type Schemas } from '../../../clients/typescript/src/index';
import { apiClient, explain, needsReauthentication } from '../lib/api';
import { loadConfig, type WebConfig } from '../lib/config';
import { field, h, inputValue, money, when } from '../lib/dom';
import { endHostedSession, finishHostedSignIn, startHostedSignIn } from '../lib/hosted-sign-in';
import { SignInError, signIn, signUp } from '../lib/identity';
import { session } from '../lib/session';
import { type Page, shell } from '../lib/shell';

const ui = shell('Privacy centre');
const NAV = [
  { href: '#/', label: 'Profile' },
  { href: '#/consents', label: 'Consents' },
  { href: '#/orders', label: 'Orders' },
  { href: '#/privacy', label: 'Your data' },
  { href: '#/access-log', label: 'Who accessed my data' },
  { href: '#/disclosures', label: 'Shared with others' },
  { href: '#/complaints', label: 'Complaints' },
  { href: '#/notifications', label: 'Notifications' },
];

const PURPOSES = {
  profile:
    'to run your account and deliver your orders (our contract with you). It is kept until you erase your account.',
  consents:
    'your choices for optional uses of your data. Each is off until you turn it on; turning one off deletes what was collected under it.',
  orders:
    'to deliver what you bought, handle returns and keep the records tax law requires. Delivery details on an order are removed after the date shown.',
  privacy: 'your rights: a copy of everything we hold, erasure and restriction. We answer by the due date shown.',
  accessLog:
    'transparency: every use of your data, by you, our staff or our systems, with the reason given. Entries marked signed are covered by a tamper-evident digest.',
  disclosures:
    'transparency: what we handed to others (the carrier delivering your parcel, the payment processor taking your payment), which details and why.',
  complaints:
    'to look into your complaint about how we used your data and tell you the outcome, by the due date shown.',
  notifications: 'messages about your account, orders and requests that we must send you, or that you asked for.',
  signIn: 'to know it is you before showing or changing anything about you.',
} as const;

const CONSENT_TEXT: Record<Schemas['Consent']['purpose'], { name: string; what: string }> = {
  analytics: {
    name: 'Analytics',
    what: 'Which pages of the shop you view, to see what works. Nothing is recorded without this consent.',
  },
  service_improvement: {
    name: 'Service improvement',
    what: 'Using your order history to improve delivery and the range we offer.',
  },
};

interface Context {
  readonly config: WebConfig;
  readonly api: OrdersClient;
}

async function start(): Promise<void> {
  const config = await loadConfig();
  const ctx = { config, api: apiClient(config) };
  if (config.hostedSignIn) await finishHostedSignIn(config.hostedSignIn);
  window.addEventListener('hashchange', () => void route(ctx));
  await route(ctx);
}

/** Signing out by choice: with the hosted sign-in, its own session ends too. */
function signOutByChoice(ctx: Context): void {
  if (ctx.config.hostedSignIn) {
    session.clear();
    endHostedSession(ctx.config.hostedSignIn);
  } else signOut(ctx, 'You are signed out.');
}

/** Ends the session: the token is the only thing stored, so clearing it leaves nothing behind. */
function signOut(ctx: Context, message?: string): void {
  session.clear();
  // Without a hashchange, which would render the sign-in page a second time, without the message.
  history.replaceState(null, '', '#/');
  signInPage(ctx, message);
}

async function route(ctx: Context): Promise<void> {
  if (!session.token()) return signInPage(ctx);
  const me = await ctx.api.GET('/v1/me');
  if (me.response.status === 401 || me.response.status === 410) {
    return signOut(ctx, 'Your session has ended. Please sign in again.');
  }
  if (me.response.status === 404) return registerPage(ctx);
  if (!me.data) return ui.show(errorPage(me.response.status, me.error));
  ui.setNav(NAV, () => signOutByChoice(ctx));
  const [path, id] = (location.hash.replace(/^#\/?/, '') || '').split('/');
  let page: Page;
  if (path === '' || path === undefined) page = profilePage(ctx, me.data, me.response.headers.get('etag') ?? '');
  else if (path === 'consents') page = await consentsPage(ctx);
  else if (path === 'orders' && id) page = await orderPage(ctx, id);
  else if (path === 'orders') page = await ordersPage(ctx);
  else if (path === 'privacy') page = await privacyPage(ctx);
  else if (path === 'access-log') page = await accessLogPage(ctx);
  else if (path === 'disclosures') page = await disclosuresPage(ctx);
  else if (path === 'notifications') page = await notificationsPage(ctx);
  else if (path === 'complaints') page = await complaintsPage(ctx);
  else
    page = {
      title: 'Page not found',
      purpose: PURPOSES.profile,
      body: [h('p', null, h('a', { href: '#/' }, 'Your profile'))],
    };
  ui.show(page);
  await policyBanner(ctx, me.data);
}

function errorPage(status: number, error: unknown): Page {
  return {
    title: 'Something went wrong',
    purpose: PURPOSES.profile,
    body: [h('p', { role: 'alert' }, explain(status, error))],
  };
}

// ---- sign in, sign up, register -------------------------------------------------------------------------

function signInPage(ctx: Context, notice?: string): void {
  const hosted = ctx.config.hostedSignIn;
  if (hosted) {
    // In AWS: Cognito's hosted page signs in and signs up (authorisation code with PKCE).
    ui.setNav([]);
    ui.show({
      title: 'Sign in',
      purpose: PURPOSES.signIn,
      body: [
        h(
          'button',
          { type: 'button', onclick: () => void startHostedSignIn(hosted, '#/') },
          'Sign in or create an account',
        ),
      ],
    });
    if (notice) ui.say(notice);
    return;
  }
  ui.setNav([]);
  const form = (id: string, submit: string, onsubmit: (email: string, password: string) => Promise<void>) => {
    const element: HTMLFormElement = h(
      'form',
      {
        'aria-labelledby': `${id}-heading`,
        onsubmit: (event: Event) => {
          event.preventDefault();
          const email = inputValue(element, 'email').toLowerCase();
          onsubmit(email, inputValue(element, 'password')).catch((error: unknown) =>
            ui.say(error instanceof SignInError ? error.message : 'The sign-in service cannot be reached.', true),
          );
        },
      },
      field(
        'E-mail address',
        h('input', { id: `${id}-email`, name: 'email', type: 'email', autocomplete: 'email', required: true }),
      ),
      field(
        'Password',
        h('input', {
          id: `${id}-password`,
          name: 'password',
          type: 'password',
          autocomplete: id === 'signup' ? 'new-password' : 'current-password',
          required: true,
          minlength: 12,
        }),
        id === 'signup' ? 'At least 12 characters.' : undefined,
      ),
      h('button', { type: 'submit' }, submit),
    );
    return element;
  };
  const enter = async (email: string, password: string) => {
    session.set(await signIn(ctx.config, email, password));
    await route(ctx);
  };
  ui.show({
    title: 'Sign in',
    purpose: PURPOSES.signIn,
    body: [
      h(
        'section',
        null,
        h('h2', { id: 'signin-heading' }, 'Sign in to your account'),
        form('signin', 'Sign in', enter),
      ),
      h(
        'section',
        null,
        h('h2', { id: 'signup-heading' }, 'New here? Create an account'),
        form('signup', 'Create account', async (email, password) => {
          await signUp(ctx.config, email, password);
          await enter(email, password);
        }),
      ),
    ],
  });
  if (notice) ui.say(notice);
}

async function registerPage(ctx: Context): Promise<void> {
  ui.setNav([], () => signOutByChoice(ctx));
  const policy = await ctx.api.GET('/v1/privacy-policy');
  if (!policy.data) return ui.show(errorPage(policy.response.status, policy.error));
  const version = policy.data.version;
  const email = String(session.claims().email ?? '');
  const form: HTMLFormElement = h(
    'form',
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const consent = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).checked;
        const { error, response } = await ctx.api.POST('/v1/me', {
          body: {
            name: inputValue(form, 'name'),
            email: inputValue(form, 'email'),
            acceptPolicyVersion: version,
            consents: { analytics: consent('analytics'), service_improvement: consent('service_improvement') },
          },
        });
        if (response.status === 201 || response.status === 409) return route(ctx);
        ui.say(explain(response.status, error), true);
      },
    },
    field('Your name', h('input', { name: 'name', autocomplete: 'name', required: true })),
    field(
      'E-mail address',
      h('input', { name: 'email', type: 'email', autocomplete: 'email', required: true, value: email }),
    ),
    h(
      'fieldset',
      null,
      h('legend', null, 'Optional uses (you can change these at any time)'),
      ...Object.entries(CONSENT_TEXT).map(([purpose, text]) => checkbox(purpose, `${text.name}: ${text.what}`, false)),
    ),
    h(
      'details',
      null,
      h('summary', null, `Privacy policy, version ${version}`),
      h('p', null, policy.data.summary),
      h('p', null, policy.data.content),
    ),
    checkbox('accept', `I have read and accept privacy policy version ${version}`, false, true),
    h('button', { type: 'submit' }, 'Create my account'),
  );
  ui.show({ title: 'Complete your account', purpose: PURPOSES.profile, body: [form] });
}

function checkbox(name: string, label: string, checked: boolean, required = false): HTMLElement {
  const id = `c-${name}`;
  return h(
    'p',
    { class: 'check' },
    h('input', { type: 'checkbox', id, name, checked, required }),
    ' ',
    h('label', { for: id }, label),
  );
}

async function policyBanner(ctx: Context, me: Schemas['Profile']): Promise<void> {
  const policy = await ctx.api.GET('/v1/privacy-policy');
  const current = policy.data;
  if (!current || current.version <= me.acceptedPolicyVersion) return;
  const banner = h(
    'section',
    { class: 'banner', 'aria-labelledby': 'policy-banner' },
    h('h2', { id: 'policy-banner' }, `Our privacy policy changed (version ${current.version})`),
    h('p', null, current.summary),
    h(
      'button',
      {
        type: 'button',
        onclick: async () => {
          const { response, error } = await ctx.api.POST('/v1/me/policy-acceptances', {
            body: { version: current.version },
          });
          if (response.ok) {
            banner.remove();
            ui.say(`You accepted privacy policy version ${current.version}.`);
          } else ui.say(explain(response.status, error), true);
        },
      },
      `Accept version ${current.version}`,
    ),
  );
  document.querySelector('main h1')?.after(banner);
}

// ---- profile --------------------------------------------------------------------------------------------

function profilePage(ctx: Context, me: Schemas['Profile'], etag: string): Page {
  let version = etag;
  let stored = me;
  const details = h('dl', { 'aria-label': 'What we hold' });
  const fill = (p: Schemas['Profile']) =>
    details.replaceChildren(
      ...[
        ['Name', p.name],
        ['E-mail', p.email],
        ['Phone', p.phone ?? 'none given'],
        [
          'Addresses',
          p.addresses.map((a) => [a.line1, a.city, a.postalCode, a.country].join(', ')).join('; ') || 'none saved',
        ],
        ['Privacy policy accepted', `version ${p.acceptedPolicyVersion}`],
        ['Account opened', when(p.createdAt)],
        ['Last changed', when(p.updatedAt)],
      ].flatMap(([term, value]) => [h('dt', null, term), h('dd', null, value)]),
    );
  fill(me);
  const FIELDS = ['name', 'email', 'phone'] as const;
  const storedValue = (p: Schemas['Profile'], name: (typeof FIELDS)[number]) => p[name] ?? '';
  const form: HTMLFormElement = h(
    'form',
    {
      'aria-labelledby': 'rectify',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        // Only what the person changed is sent, so a save never undoes a change made elsewhere to another field.
        const changed = FIELDS.filter((name) => inputValue(form, name) !== storedValue(stored, name));
        if (changed.length === 0) return ui.say('Nothing to save: the form matches what we hold.');
        const body = Object.fromEntries(
          changed.map((name) => [
            name,
            name === 'phone' && inputValue(form, name) === '' ? null : inputValue(form, name),
          ]),
        );
        const { data, error, response } = await ctx.api.PATCH('/v1/me', {
          params: { header: { 'If-Match': version } },
          body,
        });
        if (data) {
          version = response.headers.get('etag') ?? version;
          stored = data;
          fill(data);
          return ui.say('Saved. Your profile is up to date.');
        }
        if (response.status === 412) {
          // Changed elsewhere (another tab, another device) since this page loaded: show what is stored now, take
          // it into the fields the person did not touch, keep what they typed, and let them decide.
          const latest = await ctx.api.GET('/v1/me');
          if (latest.data) {
            for (const name of FIELDS) {
              const input = form.elements.namedItem(name) as HTMLInputElement;
              if (input.value.trim() === storedValue(stored, name)) input.value = storedValue(latest.data, name);
            }
            version = latest.response.headers.get('etag') ?? version;
            stored = latest.data;
            fill(latest.data);
          }
          return ui.say(
            'Your profile was changed somewhere else (perhaps in another tab) after this page opened. ' +
              'What is stored now is shown above; your changes are still in the form. Check them and save again.',
            true,
          );
        }
        ui.say(explain(response.status, error), true);
      },
    },
    field('Name', h('input', { name: 'name', autocomplete: 'name', required: true, value: me.name })),
    field(
      'E-mail address',
      h('input', { name: 'email', type: 'email', autocomplete: 'email', required: true, value: me.email }),
    ),
    field(
      'Phone',
      h('input', { name: 'phone', type: 'tel', autocomplete: 'tel', value: me.phone ?? '' }),
      'Optional; leave empty to remove it.',
    ),
    h('button', { type: 'submit' }, 'Save changes'),
  );
  return {
    title: 'Your profile',
    purpose: PURPOSES.profile,
    body: [
      h('section', null, h('h2', null, 'What we hold about you'), details),
      h('section', null, h('h2', { id: 'rectify' }, 'Correct it'), form),
    ],
  };
}

// ---- consents -------------------------------------------------------------------------------------------

async function consentsPage(ctx: Context): Promise<Page> {
  const { data, error, response } = await ctx.api.GET('/v1/me/consents');
  if (!data) return errorPage(response.status, error);
  const items = data.consents.map((consent) => {
    const text = CONSENT_TEXT[consent.purpose];
    const id = `consent-${consent.purpose}`;
    const state = h('span', { class: 'hint', id: `${id}-state` }, describeConsent(consent));
    const box = h('input', {
      type: 'checkbox',
      id,
      checked: consent.granted,
      'aria-describedby': `${id}-what ${id}-state`,
      onchange: async (event: Event) => {
        const input = event.target as HTMLInputElement;
        const granted = input.checked;
        const put = await ctx.api.PUT('/v1/me/consents/{purpose}', {
          params: { path: { purpose: consent.purpose } },
          body: { granted },
        });
        if (put.data) {
          state.textContent = describeConsent(put.data);
          ui.say(`${text.name}: ${granted ? 'consent given' : 'consent withdrawn'}.`);
        } else {
          input.checked = !granted;
          ui.say(explain(put.response.status, put.error), true);
        }
      },
    });
    return h('li', null, box, ' ', h('label', { for: id }, text.name), h('p', { id: `${id}-what` }, text.what), state);
  });
  return {
    title: 'Your consents',
    purpose: PURPOSES.consents,
    body: [h('ul', { class: 'consents' }, items)],
  };
}

const describeConsent = (c: Schemas['Consent']): string =>
  c.at ? `${c.granted ? 'Given' : 'Withdrawn'} on ${when(c.at)}` : 'Never given';

// ---- orders ---------------------------------------------------------------------------------------------

const STATUS: Record<string, string> = {
  placed: 'Placed, not shipped yet',
  cancelled: 'Cancelled',
  shipped: 'On its way',
  delivered: 'Delivered',
  returned_to_sender: 'Returned to us',
  lost: 'Lost in delivery',
};
/** Where a parcel's journey ended: a refund may be asked for within the return window. */
const ENDED = new Set(['delivered', 'returned_to_sender', 'lost']);

async function ordersPage(ctx: Context): Promise<Page> {
  const orders: Schemas['OrderSummary'][] = [];
  try {
    for await (const order of allPages(
      (cursor) => ctx.api.GET('/v1/orders', { params: { query: { limit: 50, ...(cursor && { cursor }) } } }),
      (page) => page.orders,
    ))
      orders.push(order);
  } catch (error) {
    return errorPage(500, error);
  }
  const body =
    orders.length === 0
      ? [h('p', null, 'You have no orders yet.')]
      : [
          h(
            'table',
            null,
            h('caption', null, `${orders.length} order${orders.length === 1 ? '' : 's'}, newest first`),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['Order', 'Placed', 'Status', 'Items', 'Total', 'Delivery details kept until'].map((t) =>
                  h('th', { scope: 'col' }, t),
                ),
              ),
            ),
            h(
              'tbody',
              null,
              orders.map((o) =>
                h(
                  'tr',
                  null,
                  h('td', null, h('a', { href: `#/orders/${o.orderId}` }, `Order ${o.orderId.slice(-8)}`)),
                  h('td', null, when(o.createdAt)),
                  h('td', null, STATUS[o.status] ?? o.status),
                  h('td', null, String(o.itemCount)),
                  h('td', null, money(o.total, o.currency)),
                  h(
                    'td',
                    null,
                    o.personalDataRemovedAt
                      ? `removed ${when(o.personalDataRemovedAt)}`
                      : when(o.personalDataRetainedUntil),
                  ),
                ),
              ),
            ),
          ),
        ];
  return { title: 'Your orders', purpose: PURPOSES.orders, body };
}

async function orderPage(ctx: Context, orderId: string): Promise<Page> {
  const [order, tracking] = await Promise.all([
    ctx.api.GET('/v1/orders/{orderId}', { params: { path: { orderId } } }),
    ctx.api.GET('/v1/orders/{orderId}/tracking', { params: { path: { orderId } } }),
  ]);
  if (!order.data) return errorPage(order.response.status, order.error);
  const o = order.data;
  const shipment = tracking.data?.shipment;
  const cancel =
    o.status === 'placed' &&
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: async () => {
          const { response, error } = await ctx.api.POST('/v1/orders/{orderId}/cancel', {
            params: { path: { orderId } },
          });
          if (response.ok) await route(ctx);
          else ui.say(explain(response.status, error), true);
        },
      },
      'Cancel this order',
    );
  return {
    title: `Order ${orderId.slice(-8)}`,
    purpose: PURPOSES.orders,
    body: [
      h(
        'dl',
        null,
        h('dt', null, 'Status'),
        h('dd', null, STATUS[o.status] ?? o.status),
        h('dt', null, 'Placed'),
        h('dd', null, when(o.createdAt)),
        h('dt', null, 'Total'),
        h('dd', null, money(o.total, o.currency)),
      ),
      h('h2', null, 'Items'),
      h(
        'ul',
        null,
        o.items.map((i) => h('li', null, `${i.quantity} × ${i.name} (${money(i.unitPrice, o.currency)})`)),
      ),
      h('h2', null, 'Tracking'),
      shipment
        ? h(
            'section',
            { 'aria-label': 'Tracking' },
            h(
              'p',
              null,
              `${shipment.carrier} ${shipment.service}, tracking number ${shipment.trackingNumber}: ${shipment.status.replace(/_/g, ' ')}`,
            ),
            h(
              'ol',
              null,
              shipment.events.map((e) => h('li', null, `${when(e.occurredAt)}: ${e.status.replace(/_/g, ' ')}`)),
            ),
          )
        : h('p', null, 'Not shipped yet.'),
      cancel,
      ENDED.has(o.status) && refundSection(ctx, o),
      h('p', null, h('a', { href: '#/orders' }, 'All orders')),
    ],
  };
}

/** A refund request: every line not yet refunded, or the ones ticked; support decides and the customer is told. */
function refundSection(ctx: Context, o: Schemas['Order']): HTMLElement {
  const form: HTMLFormElement = h(
    'form',
    {
      'aria-labelledby': 'refund-heading',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const ticked = o.items.filter((i) => (form.elements.namedItem(`line-${i.sku}`) as HTMLInputElement).checked);
        if (ticked.length === 0) return ui.say('Tick at least one item to refund.', true);
        const { data, error, response } = await ctx.api.POST('/v1/orders/{orderId}/refund-requests', {
          params: { path: { orderId: o.orderId } },
          body: {
            reason: inputValue(form, 'reason'),
            ...(ticked.length < o.items.length && {
              lines: ticked.map((i) => ({ sku: i.sku, quantity: i.quantity })),
            }),
          },
        });
        if (!data) return ui.say(explain(response.status, error), true);
        form.replaceWith(
          h(
            'p',
            { class: 'refund' },
            `Refund of ${money(data.amount, data.currency)} requested ${when(data.requestedAt)}: ${data.status}. ` +
              'Our support team decides; the outcome appears under Notifications.',
          ),
        );
        ui.say('Refund requested.');
      },
    },
    h('h2', { id: 'refund-heading' }, 'Ask for a refund'),
    o.refundedTotal > 0 && h('p', null, `Refunded so far: ${money(o.refundedTotal, o.currency)}.`),
    h(
      'fieldset',
      null,
      h('legend', null, 'Which items?'),
      o.items.map((i) => checkbox(`line-${i.sku}`, `${i.quantity} × ${i.name}`, true)),
    ),
    field('What went wrong?', h('textarea', { name: 'reason', rows: 3, required: true, maxlength: 1000 })),
    h('button', { type: 'submit' }, 'Ask for a refund'),
  );
  return h('section', null, form);
}

// ---- privacy requests: export, erasure, restriction -----------------------------------------------------

const REQUEST_NAMES = { export: 'Copy of your data', erasure: 'Erasure', restriction: 'Restriction' } as const;
let polling: number | undefined;

async function privacyPage(ctx: Context): Promise<Page> {
  const list = await ctx.api.GET('/v1/me/privacy-requests');
  if (!list.data) return errorPage(list.response.status, list.error);
  const requests = list.data.requests;
  // While a request is being carried out, look again every couple of seconds (only while this page is open).
  window.clearTimeout(polling);
  if (requests.some((r) => r.status === 'received' || r.status === 'in_progress')) {
    polling = window.setTimeout(() => {
      if (location.hash === '#/privacy') void route(ctx);
    }, 1500);
  }
  const submit = async (type: 'export' | 'restriction') => {
    const { response, error } = await ctx.api.POST('/v1/me/privacy-requests', { body: { type } });
    if (response.status === 202) return route(ctx);
    ui.say(explain(response.status, error), true);
  };
  const table =
    requests.length === 0
      ? h('p', null, 'You have made no requests.')
      : h(
          'table',
          null,
          h('caption', null, 'Your requests'),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['Request', 'Received', 'Due by', 'Status', ''].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            null,
            requests.map((r) =>
              h(
                'tr',
                null,
                h('td', null, REQUEST_NAMES[r.type]),
                h('td', null, when(r.receivedAt)),
                h('td', null, when(r.dueAt)),
                h('td', null, r.status.replace(/_/g, ' ')),
                h(
                  'td',
                  null,
                  r.type === 'export' &&
                    r.status === 'completed' &&
                    h('button', { type: 'button', onclick: () => void download(ctx, r.id) }, 'Download my data'),
                  r.exportAvailableUntil &&
                    h('span', { class: 'hint' }, ` available until ${when(r.exportAvailableUntil)}`),
                ),
              ),
            ),
          ),
        );
  return {
    title: 'Your data and your rights',
    purpose: PURPOSES.privacy,
    body: [
      h(
        'section',
        { 'aria-labelledby': 'export-heading' },
        h('h2', { id: 'export-heading' }, 'Get a copy of your data'),
        h('p', null, 'Everything we hold about you, in one JSON file, usually ready within a minute.'),
        h('button', { type: 'button', onclick: () => void submit('export') }, 'Request a copy of my data'),
      ),
      h('section', { 'aria-labelledby': 'requests-heading' }, h('h2', { id: 'requests-heading' }, 'Requests'), table),
      h(
        'section',
        { 'aria-labelledby': 'restrict-heading' },
        h('h2', { id: 'restrict-heading' }, 'Restrict processing'),
        h(
          'p',
          null,
          'While restricted, we keep your data but use it for nothing else until a privacy officer lifts it.',
        ),
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => void submit('restriction') },
          'Restrict processing of my data',
        ),
      ),
      erasureSection(ctx),
    ],
  };
}

/** The export document, all its parts joined, saved as a file; asks for the password when the sign-in is too old. */
async function download(ctx: Context, privacyRequestId: string): Promise<void> {
  const parts: string[] = [];
  let total = 1;
  for (let part = 1; part <= total; part++) {
    const { data, error, response } = await ctx.api.GET('/v1/me/privacy-requests/{privacyRequestId}/export', {
      params: { path: { privacyRequestId }, query: { part } },
      parseAs: 'text',
    });
    if (data === undefined) {
      if (needsReauthentication(error))
        return reauthenticate(ctx, 'download your data', () => download(ctx, privacyRequestId));
      return ui.say(explain(response.status, error), true);
    }
    total = Number(response.headers.get('x-export-parts') ?? '1');
    parts.push(data);
  }
  const url = URL.createObjectURL(new Blob(parts, { type: 'application/json' }));
  const link = h('a', { href: url, download: `my-data-${privacyRequestId}.json` }, 'download');
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  ui.say('Your data was downloaded.');
}

/** A fresh sign-in with the password, for routes that want one within the last 15 minutes. */
function reauthenticate(ctx: Context, purpose: string, then: () => Promise<void>): void {
  const hosted = ctx.config.hostedSignIn;
  if (hosted) {
    // The hosted page asks for the password again and brings the customer back here to try once more.
    ui.say(`To ${purpose}, confirm it is you: you are taken to the sign-in page and brought back here.`);
    void startHostedSignIn(hosted, location.hash, true);
    return;
  }
  const email = String(session.claims().email ?? '');
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'banner',
      'aria-labelledby': 'reauth-heading',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        try {
          session.set(await signIn(ctx.config, email, inputValue(form, 'password')));
          form.remove();
          await then();
        } catch (error) {
          ui.say(error instanceof SignInError ? error.message : 'The sign-in service cannot be reached.', true);
        }
      },
    },
    h('h2', { id: 'reauth-heading' }, `Confirm it is you to ${purpose}`),
    field(
      'Your password',
      h('input', {
        id: 'reauth-password',
        name: 'password',
        type: 'password',
        autocomplete: 'current-password',
        required: true,
      }),
    ),
    h('button', { type: 'submit' }, 'Confirm'),
  );
  document.querySelector('main .message')?.after(form);
  form.querySelector('input')?.focus();
}

function erasureSection(ctx: Context): HTMLElement {
  const email = String(session.claims().email ?? '');
  const hosted = ctx.config.hostedSignIn;
  const form: HTMLFormElement = h(
    'form',
    {
      'aria-labelledby': 'erase-heading',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        // Erasure wants a sign-in within the last 15 minutes: the password is asked here, every time (with the
        // hosted sign-in, by the hosted page when the last sign-in is older).
        if (!hosted) {
          try {
            session.set(await signIn(ctx.config, email, inputValue(form, 'password')));
          } catch (error) {
            return ui.say(
              error instanceof SignInError ? error.message : 'The sign-in service cannot be reached.',
              true,
            );
          }
        }
        const { data, error, response } = await ctx.api.POST('/v1/me/privacy-requests', { body: { type: 'erasure' } });
        if (hosted && needsReauthentication(error))
          return reauthenticate(ctx, 'erase your account', () => Promise.resolve());
        if (!data) return ui.say(explain(response.status, error), true);
        ui.say('Erasure requested. We are erasing your data now; you will be signed out when it is done.');
        await awaitErasure(ctx, data.id);
      },
    },
    h('h2', { id: 'erase-heading' }, 'Erase my account'),
    h(
      'p',
      null,
      'Your profile, consents and account are erased and your encryption key destroyed. Order records that tax law ' +
        'requires us to keep are kept without your name or address. This cannot be undone.',
    ),
    checkbox('understood', 'I understand that erasure cannot be undone', false, true),
    !hosted &&
      field(
        'Your password, to confirm it is you',
        h('input', {
          id: 'erase-password',
          name: 'password',
          type: 'password',
          autocomplete: 'current-password',
          required: true,
        }),
      ),
    h('button', { type: 'submit', class: 'danger' }, 'Erase my account'),
  );
  return h('section', null, form);
}

/** Waits until the erasure is carried out (or the account is gone), then signs out. */
async function awaitErasure(ctx: Context, privacyRequestId: string): Promise<void> {
  for (;;) {
    const { data, response } = await ctx.api.GET('/v1/me/privacy-requests/{privacyRequestId}', {
      params: { path: { privacyRequestId } },
    });
    if (data?.status === 'completed' || response.status === 401 || response.status === 410) {
      return signOut(ctx, 'Your account and personal data have been erased. You are signed out.');
    }
    if (data?.status === 'rejected')
      return ui.say('Your erasure request was rejected; see Notifications for why.', true);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

// ---- transparency ---------------------------------------------------------------------------------------

async function accessLogPage(ctx: Context): Promise<Page> {
  const { data, error, response } = await ctx.api.GET('/v1/me/access-log', { params: { query: { limit: 100 } } });
  if (!data) return errorPage(response.status, error);
  const who = (e: Schemas['AccessLogEntry']) =>
    e.byYou ? 'You' : e.actorRole === 'system' ? 'Our systems' : `Staff (${e.actorRole})`;
  return {
    title: 'Who accessed my data, and why',
    purpose: PURPOSES.accessLog,
    body: [
      data.entries.length === 0
        ? h('p', null, 'No one has used your data yet.')
        : h(
            'table',
            null,
            h('caption', null, `The latest ${data.entries.length} uses, newest first`),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['When', 'Who', 'What', 'Why', 'Which data', 'Outcome', 'Signed'].map((t) =>
                  h('th', { scope: 'col' }, t),
                ),
              ),
            ),
            h(
              'tbody',
              null,
              data.entries.map((e) =>
                h(
                  'tr',
                  null,
                  h('td', null, when(e.at)),
                  h('td', null, who(e)),
                  h('td', null, e.action.replace(/[._]/g, ' ')),
                  h('td', null, e.purpose.replace(/_/g, ' ')),
                  h('td', null, e.fields.join(', ') || '—'),
                  h('td', null, e.outcome),
                  h('td', null, e.signed ? 'yes' : 'not yet'),
                ),
              ),
            ),
          ),
    ],
  };
}

const RECIPIENTS: Record<Schemas['Disclosure']['recipientType'], string> = {
  carrier: 'Delivery company',
  'payment-processor': 'Payment processor',
};

/** The disclosure ledger: every hand-over of your details to another company, newest first. */
async function disclosuresPage(ctx: Context): Promise<Page> {
  const { data, error, response } = await ctx.api.GET('/v1/me/disclosures', { params: { query: { limit: 100 } } });
  if (!data) return errorPage(response.status, error);
  return {
    title: 'What we shared, and with whom',
    purpose: PURPOSES.disclosures,
    body: [
      data.disclosures.length === 0
        ? h('p', null, 'We have shared nothing about you with anyone.')
        : h(
            'table',
            null,
            h('caption', null, `The latest ${data.disclosures.length} hand-overs, newest first`),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['When', 'With whom', 'Who they are', 'Why', 'Which details', 'For order'].map((t) =>
                  h('th', { scope: 'col' }, t),
                ),
              ),
            ),
            h(
              'tbody',
              null,
              data.disclosures.map((d) =>
                h(
                  'tr',
                  null,
                  h('td', null, when(d.at)),
                  h('td', null, d.recipient),
                  h('td', null, RECIPIENTS[d.recipientType]),
                  h('td', null, d.purpose.replace(/_/g, ' ')),
                  h('td', null, d.fields.join(', ') || '—'),
                  h('td', null, h('a', { href: `#/orders/${d.orderId}` }, `Order ${d.orderId.slice(-8)}`)),
                ),
              ),
            ),
          ),
    ],
  };
}

const COMPLAINT_CATEGORIES = {
  unauthorised_use: 'My data was used in a way I did not agree to',
  privacy_breach: 'My data was exposed or lost',
  access: 'I could not get my data',
  rectification: 'My data is wrong and was not corrected',
  erasure: 'My data was not erased',
  consent: 'My consent was not respected',
  other: 'Something else',
} as const;

async function complaintsPage(ctx: Context): Promise<Page> {
  const { data, error, response } = await ctx.api.GET('/v1/me/complaints');
  if (!data) return errorPage(response.status, error);
  const form: HTMLFormElement = h(
    'form',
    {
      'aria-labelledby': 'complain-heading',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const filed = await ctx.api.POST('/v1/me/complaints', {
          body: {
            category: inputValue(form, 'category') as keyof typeof COMPLAINT_CATEGORIES,
            description: inputValue(form, 'description'),
          },
        });
        if (!filed.data) return ui.say(explain(filed.response.status, filed.error), true);
        await route(ctx);
        ui.say(`Complaint received. We will answer by ${when(filed.data.dueAt)}.`);
      },
    },
    h('h2', { id: 'complain-heading' }, 'Make a complaint'),
    field(
      'What is it about?',
      h(
        'select',
        { name: 'category', required: true },
        Object.entries(COMPLAINT_CATEGORIES).map(([value, label]) => h('option', { value }, label)),
      ),
    ),
    field(
      'What happened?',
      h('textarea', { name: 'description', rows: 4, required: true, maxlength: 2000 }),
      'Only our privacy officers read this.',
    ),
    h('button', { type: 'submit' }, 'Send complaint'),
  );
  const list =
    data.complaints.length === 0
      ? h('p', null, 'You have made no complaints.')
      : h(
          'ul',
          { class: 'complaints' },
          data.complaints.map((c) =>
            h(
              'li',
              null,
              h('h3', null, `${COMPLAINT_CATEGORIES[c.category]} (filed ${when(c.filedAt)})`),
              h(
                'p',
                null,
                c.status === 'resolved'
                  ? `Resolved ${when(c.resolvedAt)}. Outcome: ${c.resolution ?? ''}`
                  : `${c.status === 'assigned' ? 'A privacy officer is looking into it' : 'Received'}; answer due by ${when(c.dueAt)}.`,
              ),
            ),
          ),
        );
  return {
    title: 'Complaints',
    purpose: PURPOSES.complaints,
    body: [
      form,
      h('section', { 'aria-labelledby': 'yours-heading' }, h('h2', { id: 'yours-heading' }, 'Your complaints'), list),
    ],
  };
}

async function notificationsPage(ctx: Context): Promise<Page> {
  const { data, error, response } = await ctx.api.GET('/v1/me/notifications');
  if (!data) return errorPage(response.status, error);
  return {
    title: 'Notifications',
    purpose: PURPOSES.notifications,
    body: [
      data.notifications.length === 0
        ? h('p', null, 'Nothing new.')
        : h(
            'ul',
            { class: 'notifications' },
            data.notifications.map((n) => h('li', null, h('strong', null, when(n.at)), ' ', n.message)),
          ),
    ],
  };
}

start().catch((error: unknown) => {
  ui.show({
    title: 'The account pages could not start',
    purpose: PURPOSES.signIn,
    body: [h('p', { role: 'alert' }, String(error))],
  });
});
