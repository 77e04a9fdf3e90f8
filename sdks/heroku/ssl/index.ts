export { Ssl, type SslArgs, type SslState } from "./ssl";
