// NestJS 11 on its default Express platform, as plain CommonJS: the decorators are applied as
// TypeScript's compiled output applies them (Reflect.decorate), so no build step is needed.
// A controller under `users` with a `:id` route, a route that throws (Nest answers 500), and
// enableShutdownHooks(): Nest then owns SIGTERM, closes the app and re-raises the signal.
'use strict';
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { Controller, Get, Module, Param } = require('@nestjs/common');
const pino = require('pino');

const logger = pino();
const routeParameter = (name) => (target, key) => Param(name)(target, key, 0);

class UsersController {
  findOne(id) {
    logger.info({ path: `/users/${id}` }, 'user loaded');
    return { id };
  }
}
Reflect.decorate([Get(':id'), routeParameter('id')], UsersController.prototype, 'findOne', Object.getOwnPropertyDescriptor(UsersController.prototype, 'findOne'));
Reflect.decorate([Controller('users')], UsersController);

class OrdersController {
  findOne(id) {
    logger.error({ path: `/orders/${id}` }, 'order store unavailable');
    throw new Error('order store unavailable');
  }
}
Reflect.decorate([Get(':id'), routeParameter('id')], OrdersController.prototype, 'findOne', Object.getOwnPropertyDescriptor(OrdersController.prototype, 'findOne'));
Reflect.decorate([Controller('orders')], OrdersController);

class AppModule {}
Reflect.decorate([Module({ controllers: [UsersController, OrdersController] })], AppModule);

async function main() {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`${JSON.stringify({ listening: app.getHttpServer().address().port })}\n`);
}
main();
