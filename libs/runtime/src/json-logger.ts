import type { LoggerService } from '@nestjs/common';
import { storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import { createLogger } from './logger';

type Level = 'error' | 'warn' | 'info' | 'debug' | 'verbose';
const PINO_LEVEL: Record<Level, 'error' | 'warn' | 'info' | 'debug' | 'trace'> = {
  error: 'error',
  warn: 'warn',
  info: 'info',
  debug: 'debug',
  verbose: 'trace',
};

export interface LogSink {
  write(line: string): void;
}

/**
 * The project's logger for code outside an HTTP request (CLI, worker, background work): one JSON
 * object per line through pino, with the redaction paths and ID/phone masking of `logger.ts`.
 * Kept with its original API (`write(level, msg, fields)` and Nest's LoggerService) so callers
 * did not change when the implementation moved to pino. In the API, request-scoped logs come
 * from nestjs-pino and carry the request id.
 */
export class JsonLogger implements LoggerService {
  private instance: Logger | null = null;

  constructor(
    readonly service: string,
    private readonly level?: string,
    private readonly sink?: LogSink,
  ) {}

  /** Created at the first entry, so a logger made at import time still follows `configureLogging`. */
  private get pino(): Logger {
    this.instance ??= createLogger(this.service, this.level, this.sink);
    return this.instance;
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('verbose', message, rest);
  }

  /** Structured entry point: a message plus fields. */
  write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    // Inside an HTTP request nestjs-pino keeps the request's child logger: the entry then carries
    // the request id (the logger's name goes in `component`).
    const request = storage.getStore()?.logger;
    if (request) request[PINO_LEVEL[level] ?? 'info']({ component: this.service, ...fields }, msg);
    else this.pino[PINO_LEVEL[level] ?? 'info'](fields, msg);
  }

  private emit(level: Level, message: unknown, rest: unknown[]): void {
    // Nest passes the context (class name) as the last string argument.
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const extra = context ? rest.slice(0, -1) : rest;
    const msg = message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (message instanceof Error && message.stack) fields.stack = message.stack;
    if (extra.length > 0) fields.details = extra;
    this.write(level, msg, fields);
  }
}
