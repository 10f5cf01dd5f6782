import { handle } from 'hono/aws-lambda';
import { lambdaDeps } from '../runtime';
import { createPublicApp } from './app';

export const handler = handle(createPublicApp(lambdaDeps()));
