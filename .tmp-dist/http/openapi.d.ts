export declare function buildOpenApi(): Record<string, unknown>;
export declare const OPENAPI_PATH: string;
export declare function renderOpenApi(): string;
