import pino from 'pino';

const logger = pino();
export const dynamic = 'force-dynamic';

export async function GET(request, { params }) {
  const { id } = await params;
  logger.info({ path: new URL(request.url).pathname }, 'user loaded');
  return Response.json({ id });
}
