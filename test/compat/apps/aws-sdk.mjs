// The AWS SDK v3 clients for SQS, SNS, S3 and DynamoDB in an ES-module app on plain node:http,
// pointed at AWS_ENDPOINT (a stub in the test): /aws sends one command through each client
// inside the request. The credentials come from the environment, as the SDK reads them.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { serveRoutes } from './route-server.cjs';

const settings = { endpoint: process.env.AWS_ENDPOINT, region: 'us-east-1' };
const sqs = new SQSClient(settings);
const sns = new SNSClient(settings);
const s3 = new S3Client({ ...settings, forcePathStyle: true });
const dynamodb = new DynamoDBClient(settings);

async function sendEach() {
  await sqs.send(new SendMessageCommand({ QueueUrl: `${process.env.AWS_ENDPOINT}/000000000000/compat-orders`, MessageBody: 'order 42' }));
  await sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:compat-news', Message: 'news' }));
  await s3.send(new PutObjectCommand({ Bucket: 'compat-bucket', Key: 'reports/42.txt', Body: 'report' }));
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: 'compat-users', Key: { id: { S: '7' } } }));
  return Item.name.S;
}

serveRoutes({ '/aws': sendEach });
