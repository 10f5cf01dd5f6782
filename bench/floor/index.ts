/**
 * The floor of DESIGN §7: the least a Lambda function that touches DynamoDB can be — the document
 * client and one command. The public function's cold start and warm time are measured against it.
 * The endpoint and region come from the SDK's own environment variables (AWS_ENDPOINT_URL_DYNAMODB,
 * AWS_REGION), so this file reads no configuration.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async () => {
  const result = await db.send(new GetCommand({ TableName: 'hailong', Key: { pk: 'HEALTH', sk: 'HEALTH' } }));
  return { statusCode: 200, body: JSON.stringify({ found: result.Item !== undefined }) };
};
