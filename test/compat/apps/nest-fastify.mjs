// NestJS 11 on its Fastify platform, as an ES module: the decorators are applied as
// TypeScript's compiled output applies them (Reflect.decorate), so no build step is needed.
// A controller under `users` with a `:id` route and a route that throws (Nest answers 500).
import 'reflect-metadata';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import pino from 'pino';

const logger = pino();
const routeParameter = (name) => (target, key) => Param(name)(target, key, 0);
const descriptorOf = (target, key) => Object.getOwnPropertyDescriptor(target, key);

class UsersController {
  findOne(id) {
    logger.info({ path: `/users/${id}` }, 'user loaded');
    return { id };
  }
}
Reflect.decorate([Get(':id'), routeParameter('id')], UsersController.prototype, 'findOne', descriptorOf(UsersController.prototype, 'findOne'));
Reflect.decorate([Controller('users')], UsersController);

class OrdersController {
  findOne(id) {
    logger.error({ path: `/orders/${id}` }, 'order store unavailable');
    throw new Error('order store unavailable');
  }
}
Reflect.decorate([Get(':id'), routeParameter('id')], OrdersController.prototype, 'findOne', descriptorOf(OrdersController.prototype, 'findOne'));
Reflect.decorate([Controller('orders')], OrdersController);

class AppModule {}
Reflect.decorate([Module({ controllers: [UsersController, OrdersController] })], AppModule);

const app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: ['error', 'warn'] });
await app.listen(0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ listening: app.getHttpServer().address().port })}\n`);
