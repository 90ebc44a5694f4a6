/** GET /v1/problems/{type} — what a problem's `type` URI resolves to: that type's documentation page. */
import * as z from 'zod';
import { NotFoundError } from '../../shared/domain/errors';
import { httpHandler } from '../../shared/http/handler';
import { isProblemKind, problemTypePage } from '../../shared/http/problem-page';
import { routes } from '../routes';

export const handler = httpHandler(
  routes.getProblemType,
  { params: z.strictObject({ type: z.string().max(64) }) },
  async ({ params }) => {
    if (!isProblemKind(params.type)) throw new NotFoundError('No such problem type.');
    return {
      status: 200,
      text: problemTypePage(params.type),
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'public, max-age=3600',
        'content-security-policy': "default-src 'none'",
      },
    };
  },
);
