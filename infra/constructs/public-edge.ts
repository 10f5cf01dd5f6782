/**
 * A CloudFront distribution in front of the HTTP API (issue 25): `/public` and the QR images are served
 * from the edge, everything else passes through uncached. `/public`'s cache key is its path and the
 * `lang` parameter only (no cookie, no header, no other query parameter), so a flood of it, with or
 * without made-up parameters, reaches the origin about once per edge, language and nightly generation
 * (its `max-age` runs to the next generation: functions/api/routes/public-ranking.ts).
 */
import { Duration, Fn } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  CacheQueryStringBehavior,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

/** The only query parameter that changes `/public` (DESIGN §8: `?lang=en`). */
export const PUBLIC_CACHE_QUERY_STRINGS = ['lang'] as const;

/** The paths served from the edge with the origin's own `Cache-Control` (a QR image is per token). */
export const STATIC_ASSET_PATHS = ['/r/*/qr.svg', '/r/*/qr.png'] as const;

export interface PublicEdgeProps {
  prefix: string;
  api: HttpApi;
}

export class PublicEdge extends Construct {
  readonly distribution: Distribution;
  readonly publicCachePolicy: CachePolicy;

  constructor(scope: Construct, id: string, props: PublicEdgeProps) {
    super(scope, id);
    // https://<api id>.execute-api.<region>.amazonaws.com → its host name.
    const origin = new HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint)), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });

    this.publicCachePolicy = new CachePolicy(this, 'PublicCachePolicy', {
      cachePolicyName: `${props.prefix}-public`,
      comment: '/public: keyed on the path and lang only; TTL from the origin (to the next nightly run)',
      queryStringBehavior: CacheQueryStringBehavior.allowList(...PUBLIC_CACHE_QUERY_STRINGS),
      cookieBehavior: CacheCookieBehavior.none(),
      headerBehavior: CacheHeaderBehavior.none(),
      // The origin's max-age decides (at most a day: the page changes every night).
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const cached = (cachePolicy: CachePolicy | typeof CachePolicy.CACHING_OPTIMIZED) => ({
      origin,
      cachePolicy,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      compress: true,
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${props.prefix}: /public and the QR images cached, the rest passed through`,
      priceClass: PriceClass.PRICE_CLASS_200,
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin,
        // Rating forms, sessions and the API: never cached, every header but Host (API Gateway routes on
        // its own host name), cookie and query string passed on.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      },
      additionalBehaviors: {
        '/public': cached(this.publicCachePolicy),
        ...Object.fromEntries(
          STATIC_ASSET_PATHS.map((path) => [path, cached(CachePolicy.CACHING_OPTIMIZED)]),
        ),
      },
    });

    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: Vietnamese citizens abroad rate their dossiers and may read the public ranking; nothing served is restricted by country.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'No WAF web ACL: /public is answered from the edge cache and API Gateway throttles its route below the citizens’ routes (service-stack.ts PUBLIC_ROUTE_THROTTLE); a web ACL would be the largest fixed monthly cost of a province.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR3',
      'No CloudFront access logs: their lines always hold the viewer IP address, which DESIGN §6 forbids storing; requests reaching the origin are in the API access log (route, status, latency, no IP) and CloudFront metrics count the rest.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      'The distribution uses CloudFront’s default *.cloudfront.net certificate, which cannot set a minimum TLS version; a custom domain’s certificate (us-east-1) would allow TLSv1.2_2021 (docs/deploy.md). Origin traffic is TLS 1.2 only.',
    );
  }
}
