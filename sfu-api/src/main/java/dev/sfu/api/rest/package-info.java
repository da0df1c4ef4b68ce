/** REST for backend services (docs/api.md). */
package dev.sfu.api.rest;
