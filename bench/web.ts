/**
 * The web app's size as a browser downloads it: web/site.ts builds it exactly as `npm start` serves it
 * (minified, no source maps); each app is its page, its script and the stylesheet, gzipped (level 9, as
 * CloudFront's compression comes close to), with the script's largest inputs from the metafile.
 */
import { gzipSync } from 'node:zlib';
import { buildSite } from '../web/site';
import type { Figure } from './lib';

const GOAL_KB = 100;
const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export async function webFigures(): Promise<Figure[]> {
  const site = await buildSite();
  const app = (page: string, script: string) => {
    const files = [page, script, '/app.css'].map((name) => {
      const file = site.files.get(name);
      if (!file) throw new Error(`bench/web.ts: the site has no ${name}`);
      return { name, raw: file.body.length, gzip: gzipSync(file.body, { level: 9 }).length };
    });
    const output = Object.entries(site.metafile.outputs).find(([out]) => out.endsWith(script));
    const inputs = Object.entries(output?.[1].inputs ?? {})
      .map(([input, { bytesInOutput }]) => ({ input: input.replace(/^.*node_modules\//, ''), kb: kb(bytesInOutput) }))
      .sort((a, b) => b.kb - a.kb)
      .slice(0, 5);
    return {
      files,
      inputs,
      gzip: files.reduce((sum, f) => sum + f.gzip, 0),
      raw: files.reduce((sum, f) => sum + f.raw, 0),
    };
  };
  const customer = app('/index.html', '/customer.js');
  const staff = app('/staff.html', '/staff.js');
  const describe = (a: typeof customer) =>
    `${kb(a.raw)} KB minified; largest inputs: ${a.inputs.map((i) => `${i.input} ${i.kb} KB`).join(', ')}`;
  return [
    {
      name: '12. customer web app, gzipped (page + script + stylesheet)',
      value: kb(customer.gzip),
      unit: 'KB',
      goal: { max: GOAL_KB },
      detail: describe(customer),
      data: customer,
    },
    {
      name: '12a. staff console, gzipped (page + script + stylesheet)',
      value: kb(staff.gzip),
      unit: 'KB',
      detail: describe(staff),
      data: staff,
    },
  ];
}
