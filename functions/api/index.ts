import { handle } from 'hono/aws-lambda';
import { lambdaDeps } from '../runtime';
import { createApiApp } from './app';

export const handler = handle(createApiApp(lambdaDeps()));
