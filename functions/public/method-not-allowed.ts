/**
 * 405 for a path of the route table called with a method it does not take (`DELETE /v1/me`), with
 * `Allow` listing the ones it does. API Gateway reaches it through the `ANY` route of each path
 * (method routes win over `ANY`); the local gateway the same way. No token is needed to learn which
 * methods a path takes, as with a 404, and nothing is read.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { problemResponse } from '../../shared/http/problem';
import { routes } from '../routes';

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const path = event.routeKey.replace(/^ANY /, '');
  const allow = Object.values(routes)
    .filter((route) => route.path === path)
    .map((route) => route.method);
  return problemResponse(
    'method-not-allowed',
    405,
    'Method not allowed',
    `${path} takes ${allow.join(', ')}.`,
    event.requestContext.requestId,
    { headers: { allow: allow.join(', ') } },
  );
};
