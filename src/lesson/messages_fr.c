/* messages_fr.c - la leçon en français, avec les termes du cours. Une seule table : chaque phrase
 * du déroulé, de la page et de l'analyse TCP, par clé enum lesson_msg. */
#include "stackscope/lesson.h"

const struct lesson_text lesson_text_fr = {
    .lang = "fr",
    .print_lang = PRINT_LANG_FR,
    .decimal = ',',
    .zero_singular = true,
    .msg = {
        [MSG_TITLE] = "stackscope demo\u00a0: %s - %s",
        [MSG_SETUP] = "Un serveur et un client de cette machine dialoguent en TCP sur la boucle\n"
                      "locale (127.0.0.1), port %u. stackscope capture chaque paquet échangé et\n"
                      "montre chaque appel socket, les paquets qu'il provoque et ce qu'ajoute\n"
                      "chaque couche.",
        [MSG_SETUP_CONCURRENT] = "Un serveur et deux clients de cette machine dialoguent en TCP sur la boucle locale (127.0.0.1), port %u. stackscope capture chaque paquet échangé et montre chaque appel socket, les paquets qu'il provoque et ce qu'ajoute chaque couche.",
        [MSG_SETUP_PORT_IN_USE] = "Deux serveurs de cette machine tentent chacun d'écouter sur le port %u de la boucle locale (127.0.0.1). Aucun client ne se connecte, aucun paquet n'est donc envoyé\u00a0: stackscope montre chaque appel socket et pourquoi le second serveur ne peut pas s'y lier (bind).",
        [MSG_SETUP_REFUSED] = "Un client de cette machine se connecte par la boucle locale (127.0.0.1) au port %u, où aucun serveur n'écoute. stackscope capture chaque paquet et montre chaque appel socket, les paquets qu'il provoque et qui leur répond.",
        [MSG_DESC_EXCHANGE] = "l'échange du cours, un message dans chaque sens",
        [MSG_DESC_PARTIAL_RECV] = "un long message lu par plusieurs appels recv()",
        [MSG_DESC_CONCURRENT] = "deux clients à la fois, un thread serveur chacun",
        [MSG_DESC_PORT_IN_USE] = "deux sockets ne peuvent pas utiliser le même port",
        [MSG_DESC_SERVER_CLOSE] = "le serveur ferme en premier",
        [MSG_DESC_REFUSED] = "connect() vers un port où personne n'écoute",
        [MSG_DESC_UDP] = "SOCK_DGRAM, la version UDP\u00a0: des datagrammes, sans connexion",
        [MSG_CALL_SOCKET] = "crée une extrémité TCP/IPv4\u00a0; rien ne passe encore sur le réseau",
        [MSG_CALL_SETSOCKOPT] = "limite la taille des segments (MSS) à 1000\u00a0octets, comme sur un petit réseau\u00a0; l'option d'horodatage en prend 12, chaque segment porte donc 988\u00a0octets de données\u00a0: un long message en demande plusieurs",
        [MSG_CALL_BIND] = "attache la socket à un port, sur toutes les interfaces",
        [MSG_CALL_LISTEN] = "prêt pour les clients\u00a0: le noyau répond à leurs poignées de main",
        [MSG_CALL_ACCEPT_WAIT] = "attend qu'un client se connecte…",
        [MSG_CALL_ACCEPT_DONE] = "renvoie une nouvelle socket, rien que pour ce client",
        [MSG_CALL_CONNECT] = "la poignée de main en trois temps\u00a0: SYN, SYN-ACK, ACK",
        [MSG_CALL_SENDALL] = "confie les octets à TCP, qui les envoie en segments",
        [MSG_CALL_RECV_WAIT] = "attend que des données arrivent…",
        [MSG_CALL_RECV_DONE] = "lit ce qui est arrivé, au plus la taille du tampon",
        [MSG_CALL_RECV_EOF] = "0\u00a0octet\u00a0: l'autre côté a fermé, plus rien n'arrivera",
        [MSG_CALL_CLOSE] = "ferme ce côté\u00a0: TCP envoie un FIN",
        [MSG_CALL_CLOSE_UNCONNECTED] = "ferme une socket sans connexion\u00a0: rien n'est envoyé",
        [MSG_CALL_CLOSE_FD] = "ferme la connexion (fd %ld)\u00a0: TCP envoie un FIN",
        [MSG_CALL_CLOSE_LISTENING] = "ferme la socket d'écoute (fd %ld)\u00a0: plus aucune nouvelle connexion n'est acceptée sur son port\u00a0; les connexions déjà acceptées (chacune son fd) continuent. Rien n'est envoyé.",
        [MSG_CALL_CLOSE_UNCONNECTED_FD] = "ferme une socket sans connexion (fd %ld)\u00a0: rien n'est envoyé",
        [MSG_ERR_EADDRINUSE] = "EADDRINUSE\u00a0: une autre socket occupe déjà ce port. Deux programmes\n"
                               "ne peuvent pas écouter sur le même port\u00a0; changez de port ou d'adresse.",
        [MSG_ERR_ECONNREFUSED] = "ECONNREFUSED\u00a0: personne n'écoute sur ce port, le noyau a répondu\n"
                                 "au SYN par un RST (réinitialisation).",
        [MSG_ERR_OTHER] = "l'appel a échoué",
        [MSG_PKT_SYN] = "SYN\u00a0: ouvre la connexion, annonce le premier numéro de séquence",
        [MSG_PKT_SYNACK] = "SYN-ACK\u00a0: accepte, annonce son propre numéro de séquence",
        [MSG_PKT_ACK] = "ACK\u00a0: accusé de réception, «\u00a0j'ai tout reçu avant l'octet ack\u00a0»",
        [MSG_PKT_DATA] = "données",
        [MSG_PKT_FIN] = "FIN\u00a0: plus de données de ce côté",
        [MSG_PKT_RST] = "RST\u00a0: connexion refusée ou interrompue",
        [MSG_ACK_OF] = "accusé de réception du #%u (%s) après %s",
        [MSG_ACK_OF_HANDSHAKE] = "accusé de réception du #%u (%s) après %s\nla poignée de main a pris %s, du SYN à cet ACK (RTT initial)",
        [MSG_ACKED_DATA] = "%s, %s",
        [MSG_ANALYSIS_LINE] = "%s\u00a0: %s",
        [MSG_DOWN] = "Descente dans les couches du %s (encapsulation)\u00a0:",
        [MSG_UP] = "Remontée dans les couches du %s (désencapsulation), #%zu\u00a0:",
        [MSG_LAYER_APP] = "couche application",
        [MSG_LAYER_TCP] = "couche transport (TCP) ajoute",
        [MSG_LAYER_IP] = "couche réseau (IP) ajoute",
        [MSG_LAYER_LINK] = "couche liaison ajoute",
        [MSG_ON_WIRE] = "sur le réseau\u00a0: %s",
        [MSG_PARTIAL] = "Somme de contrôle TCP «\u00a0partielle\u00a0»\u00a0: sur la boucle locale le noyau la\n"
                        "laisse à une carte réseau qui ne voit jamais le paquet. Les données\n"
                        "sont intactes.",
        [MSG_UNWRAP_LINK] = "en-tête de liaison retiré",
        [MSG_UNWRAP_IP] = "en-tête IPv4 retiré\u00a0: pour cet hôte, protocole 6 = TCP",
        [MSG_UNWRAP_TCP] = "en-tête TCP retiré\u00a0: port %u = cette socket",
        [MSG_UNWRAP_APP] = "l'application lit",
        [MSG_LADDER] = "Diagramme d'échange (le temps descend\u00a0; seq et ack relatifs au départ)",
        [MSG_LADDER_LEN] = "long.", /* an arrow's data length, as the packet lines say it */
        [MSG_SUMMARY_SPLIT] = "En-têtes\u00a0: liaison %u, IPv4 %u, TCP %u\u00a0octets.",
        [MSG_RESULT_FD] = "fd %ld",
        [MSG_RESULT_OK] = "0 (ok)",
        [MSG_RESULT_BYTES] = "%ld\u00a0octets",
        [MSG_RESULT_FAIL] = "erreur %s",
        [MSG_NO_PACKET] = "(aucun paquet sur le réseau)",
        [MSG_WORD_CLIENT] = "client",
        [MSG_WORD_SERVER] = "serveur",
        /* qui répond pour un port où aucune socket n'écoute : le noyau de la machine */
        [MSG_WORD_KERNEL] = "noyau",
        [MSG_WORD_KERNEL_PORT] = "noyau (port %u)",
        [MSG_PKT_NOT_WHOLE_TCP] = "#%zu (pas un segment TCP entier)",
        [MSG_BYTES] = "octets",
        [MSG_PKT_LINE] = "#%zu %s %-5s seq %u %s long. %u (brut %u/%u)",
        [MSG_TCP_DETAIL] = "ports %u > %u, numéro de séquence %u, accusé de réception %u, %s, fenêtre %s",
        [MSG_WINDOW_SCALED] = "%u (× %u = %s)",
        [MSG_IP_DETAIL] = "%s > %s, TTL %u, protocole %u (TCP), identification %u, somme de contrôle 0x%04x %s",
        [MSG_LINK_DETAIL] = "Ethernet %s > %s, type 0x%04x",
        [MSG_LOCAL_ADDR] = "le noyau a choisi l'adresse locale %s",
        [MSG_GSO] = "Ce paquet dépasse la taille de segment (MSS %u)\u00a0: sur la boucle locale le noyau passe %u segments d'un coup (GSO)\u00a0; une carte réseau les enverrait un par un.",
        [MSG_ACTOR_SERVER_THREAD] = "thread serveur",
        [MSG_ACTOR_SECOND_SERVER] = "second serveur",
        [MSG_VERDICT_GOOD] = "correcte",
        [MSG_VERDICT_BAD] = "fausse",
        [MSG_VERDICT_PARTIAL] = "partielle",
        [MSG_VERDICT_UNVERIFIED] = "non vérifiée",
        [MSG_FIELD_LINK] = "En-tête de liaison|la livraison locale\u00a0: quelle machine du lien reçoit la trame\u00a0; sur la boucle locale les adresses sont nulles",
        [MSG_FIELD_VERSION] = "Version|4 pour IPv4\u00a0: dit au destinataire comment lire la suite de l'en-tête",
        [MSG_FIELD_IHL] = "Longueur d'en-tête (IHL)|longueur de l'en-tête IPv4 en mots de 32\u00a0bits\u00a0: 5 vaut 20\u00a0octets, plus signifie des options",
        [MSG_FIELD_TOS] = "Type de service (DSCP, ECN)|priorité et marques de congestion pour les routeurs\u00a0; souvent 0",
        [MSG_FIELD_TOTAL_LENGTH] = "Longueur totale|octets du paquet IP entier\u00a0: en-tête IPv4 + en-tête TCP + données",
        [MSG_FIELD_ID] = "Identification|numéro qui relie les fragments d'un même paquet",
        [MSG_FIELD_FLAGS] = "Drapeaux (réservé, DF, MF)|DF\u00a0: ne pas fragmenter\u00a0; MF\u00a0: d'autres fragments suivent",
        [MSG_FIELD_FRAG] = "Décalage du fragment|place de ce fragment dans le paquet d'origine, en unités de 8\u00a0octets",
        [MSG_FIELD_TTL] = "Durée de vie (TTL)|nombre de routeurs qui peuvent encore transmettre le paquet\u00a0; chacun retire 1 et le détruit à 0, pour qu'un paquet perdu ne tourne pas sans fin",
        [MSG_FIELD_PROTOCOL] = "Protocole|la couche au-dessus d'IP qui reçoit les données\u00a0: 6 = TCP, 17 = UDP, 1 = ICMP",
        [MSG_FIELD_IP_CHECKSUM] = "Somme de contrôle d'en-tête|permet à chaque routeur de détecter un en-tête IPv4 abîmé",
        [MSG_FIELD_SRC] = "Adresse source|l'adresse IP de l'émetteur",
        [MSG_FIELD_DST] = "Adresse de destination|l'adresse IP du destinataire\u00a0: c'est ainsi que le paquet trouve sa machine",
        [MSG_FIELD_IP_OPTIONS] = "Options IPv4|suppléments rarement utilisés (enregistrement de route, horodatage, alerte routeur)",
        [MSG_FIELD_SPORT] = "Port source|la socket de la machine émettrice d'où vient le segment",
        [MSG_FIELD_DPORT] = "Port de destination|la socket de la machine réceptrice qui reçoit les données\u00a0: c'est ainsi que TCP trouve le programme",
        [MSG_FIELD_SEQ] = "Numéro de séquence|position du premier octet de données dans le flux de l'émetteur (relatif\u00a0: compté depuis le début de la connexion)",
        [MSG_FIELD_ACK] = "Accusé de réception|le prochain octet attendu par l'émetteur de ce segment\u00a0: tout ce qui précède est arrivé",
        [MSG_FIELD_DATA_OFFSET] = "Décalage des données|longueur de l'en-tête TCP en mots de 32\u00a0bits\u00a0: là où commencent les données",
        [MSG_FIELD_RESERVED] = "Réservé|bits gardés pour l'avenir, à zéro",
        [MSG_FIELD_TCP_FLAGS] = "Drapeaux|SYN ouvre, ACK acquitte, PSH pousse les données vers l'application, FIN ferme, RST interrompt",
        [MSG_FIELD_WINDOW] = "Fenêtre|combien d'octets l'émetteur de ce segment peut encore recevoir (contrôle de flux), multiplié selon l'option d'échelle",
        [MSG_FIELD_TCP_CHECKSUM] = "Somme de contrôle|couvre l'en-tête TCP, les données et les adresses. Sur la boucle locale elle est «\u00a0partielle\u00a0»\u00a0: le noyau la laisse à une carte réseau qui ne voit jamais le paquet",
        [MSG_FIELD_URGENT] = "Pointeur urgent|fin des données urgentes quand URG est mis\u00a0; presque jamais utilisé",
        [MSG_FIELD_TCP_OPTIONS] = "Options TCP|MSS (plus grand segment), échelle de fenêtre, SACK, horodatage\u00a0: négociées à la poignée de main",
        [MSG_FIELD_PAYLOAD] = "Données|les octets de l'application, tels que sendall() les a donnés",
        [MSG_UI_PREV] = "Précédent",
        [MSG_UI_NEXT] = "Suivant",
        [MSG_UI_PLAY] = "Lecture",
        [MSG_UI_PAUSE] = "Pause",
        [MSG_UI_STEP] = "Étape %u sur %u",
        [MSG_UI_CONVERSATION] = "Conversation",
        [MSG_UI_ALL] = "toutes",
        [MSG_UI_HEX] = "Octets (hexadécimal)",
        [MSG_UI_LANGUAGE] = "Langue",
        [MSG_UI_SUMMARY] = "Bilan",
        [MSG_UI_IPV4_HEADER] = "En-tête IPv4",
        [MSG_UI_TCP_HEADER] = "En-tête TCP",
        [MSG_UI_LINK_HEADER] = "En-tête de liaison",
        [MSG_UI_PAYLOAD] = "données",
        [MSG_UI_PACKET] = "Paquet",
        [MSG_UI_CALL] = "Appel socket",
        [MSG_UI_HOVER] = "Pointez un champ pour voir ses octets et son rôle.",
        [MSG_UI_TRUNCATED] = "Arrêt après %u\u00a0paquets\u00a0: la page en montre au plus autant.",
        [MSG_UI_ENCAPSULATION] = "Encapsulation",
        /* the page's words about the analysis: the legend of the ladder's marks, the links */
        /* ---- the page (LESSON_MESSAGES_PAGE) ---- */
        [MSG_PAGE_TITLE_DEMO] = "stackscope démo\u00a0: %s",
        [MSG_PAGE_TITLE_CAPTURE] = "stackscope\u00a0: %s",
        [MSG_PAGE_POS_STEP_PACKET] = "Étape %u sur %u \u00b7 paquet nº\u00a0%u sur %u",
        [MSG_PAGE_POS_PACKET] = "Paquet %u sur %u",
        [MSG_PAGE_LABEL] = "%s\u00a0: %s",
        [MSG_PAGE_SHORT_VERSION] = "Ver.",
        [MSG_PAGE_SHORT_IHL] = "IHL",
        [MSG_PAGE_SHORT_DATA_OFFSET] = "Décalage",
        [MSG_PAGE_OPTIONS] = "%s (%u\u00a0o)\u00a0: %s",
        [MSG_PAGE_PKT_ICMP] = "ICMP de type %s",
        [MSG_PAGE_PKT_IPV6] = "IPv6 en-tête suivant %s",
        [MSG_PAGE_PKT_IPV4] = "IPv4 protocole %s",
        [MSG_PAGE_PKT_ETHERTYPE] = "type Ethernet 0x%s",
        [MSG_PAGE_PKT_FRAME] = "trame",
        [MSG_PAGE_QUOTE] = "«\u00a0%s\u00a0»",
        [MSG_PAGE_CUT] = "…",
        /* le compteur quand la barre est étroite ; l'état d'un côté quand l'autre n'en a pas */
        [MSG_PAGE_POS_STEP_PACKET_SHORT] = "Étape %u/%u \u00b7 paquet nº\u00a0%u/%u",
        [MSG_PAGE_STATE_AFTER_SIDE] = "État TCP après ce paquet\u00a0: côté %s «\u00a0%s\u00a0»",
        [MSG_PAGE_PKT_ICMP_ECHO_REQUEST] = "ICMP demande d'écho",
        [MSG_PAGE_PKT_ICMP_ECHO_REPLY] = "ICMP réponse d'écho",
        [MSG_PAGE_PKT_ICMP_UNREACHABLE] = "ICMP destination injoignable",
        [MSG_PAGE_PKT_ICMP_TIME_EXCEEDED] = "ICMP délai dépassé",
        [MSG_PAGE_PKT_ARP_REQUEST] = "ARP qui a %s\u00a0?",
        [MSG_PAGE_PKT_ARP_REPLY] = "ARP %s est à %s",
        [MSG_PAGE_IPV6_HEADER] = "En-tête IPv6",
        [MSG_PAGE_ICMP_HEADER] = "En-tête ICMP",
        [MSG_PAGE_ARP_HEADER] = "Message ARP",
        [MSG_PAGE_WORD_LINK] = "liaison",
        [MSG_PAGE_SUMMARY_HEADERS] = "En-têtes\u00a0: %s.",
        [MSG_ICMP_FIELD_TYPE] = "Type|la nature du message\u00a0: 8 demande d'écho, 0 réponse d'écho (ICMPv6\u00a0: 128, 129), 3 destination injoignable, 11 délai dépassé",
        [MSG_ICMP_FIELD_CODE] = "Code|la précision dans le type\u00a0: pour une destination injoignable, 1 hôte, 3 port, 4 fragmentation nécessaire\u00a0; 0 pour l'écho",
        [MSG_ICMP_FIELD_CHECKSUM] = "Somme de contrôle|couvre tout le message ICMP, en-tête et données (ICMPv6\u00a0: les adresses aussi)",
        [MSG_ICMP_FIELD_ID] = "Identifiant|choisi par l'émetteur de la demande d'écho (ping\u00a0: un par exécution)\u00a0; la réponse le rapporte, pour que chaque ping retrouve la sienne",
        [MSG_ICMP_FIELD_SEQ] = "Numéro de séquence|compte les demandes d'écho, 1, 2, 3…\u00a0; la réponse le reprend\u00a0: c'est à cette demande-là qu'elle répond",
        [MSG_ICMP_FIELD_REST] = "Reste de l'en-tête|ce que le type y met\u00a0: inutilisé (0) pour une destination injoignable ou un délai dépassé, la MTU d'un routeur quand la fragmentation est nécessaire\u00a0; les données qui suivent citent le paquet qui a causé l'erreur",
        /* ---- state (LESSON_MESSAGES_STATE) ---- */
        [MSG_STATE_CLOSED] = "fermée",
        [MSG_STATE_LISTEN] = "en\u00a0écoute",
        [MSG_STATE_SYN_SENT] = "SYN\u00a0envoyé",
        [MSG_STATE_SYN_RECEIVED] = "SYN\u00a0reçu",
        [MSG_STATE_ESTABLISHED] = "établie",
        [MSG_STATE_FIN_WAIT_1] = "FIN\u00a0envoyé",
        [MSG_STATE_FIN_WAIT_2] = "attente\u00a0du\u00a0FIN",
        [MSG_STATE_CLOSE_WAIT] = "attente\u00a0de\u00a0fermeture",
        [MSG_STATE_CLOSING] = "fermeture\u00a0simultanée",
        [MSG_STATE_LAST_ACK] = "attente\u00a0du\u00a0dernier\u00a0ACK",
        [MSG_STATE_TIME_WAIT] = "attente\u00a0temporisée",
        [MSG_STATE_CHANGE] = "%s\u00a0: %s -> %s",
        [MSG_STATE_NEW] = "%s\u00a0: %s",
        /* ---- udp (LESSON_MESSAGES_UDP) ---- */
        [MSG_UDP_SETUP] = "Un serveur et un client de cette machine s'échangent des datagrammes UDP sur la boucle locale (127.0.0.1), port %u. stackscope capture chaque paquet et montre chaque appel socket, le datagramme qu'il provoque et ce qu'ajoute chaque couche.",
        [MSG_UDP_CALL_SOCKET] = "crée une extrémité UDP/IPv4 (SOCK_DGRAM)\u00a0; rien ne passe sur le réseau",
        [MSG_UDP_CALL_BIND] = "attache la socket à un port, sur toutes les interfaces\u00a0; pas de listen() ensuite\u00a0: les datagrammes peuvent arriver tout de suite",
        [MSG_UDP_CALL_SENDTO] = "envoie un datagramme à cette adresse\u00a0: sans connexion préalable, UDP l'envoie aussitôt",
        [MSG_UDP_CALL_RECVFROM_WAIT] = "attend qu'un datagramme arrive…",
        [MSG_UDP_CALL_RECVFROM_DONE] = "renvoie un datagramme entier et l'adresse d'où il vient",
        [MSG_UDP_CALL_CLOSE] = "ferme la socket\u00a0: UDP n'a pas de connexion à terminer, rien n'est envoyé (pas de FIN)",
        [MSG_UDP_PKT_LINE] = "#%zu %s UDP %u > %u long. %u",
        [MSG_UDP_PKT_DATAGRAM] = "datagramme\u00a0: le message entier en un seul paquet\u00a0; aucun ACK n'y répondra",
        /* the page, on the first IP fragment of a datagram: this fragment's data bytes, the datagram's */
        [MSG_UDP_PKT_FIRST_FRAGMENT] = "le premier fragment d'un datagramme trop grand pour un seul paquet IP\u00a0: il porte l'en-tête UDP et %u des %u\u00a0octets de données, les fragments suivants le reste\u00a0; aucun ACK n'y répondra",
        [MSG_UDP_LAYER] = "couche transport (UDP) ajoute",
        [MSG_UDP_DETAIL] = "ports %u > %u, longueur %u, somme de contrôle 0x%04x %s",
        [MSG_UDP_IP_DETAIL] = "%s > %s, TTL %u, protocole %u (UDP), identification %u, somme de contrôle 0x%04x %s",
        [MSG_UDP_PARTIAL] = "Somme de contrôle UDP «\u00a0partielle\u00a0»\u00a0: sur la boucle locale le noyau la laisse à une carte réseau qui ne voit jamais le paquet. Les données sont intactes.",
        [MSG_UDP_UNWRAP_IP] = "en-tête IPv4 retiré\u00a0: pour cet hôte, protocole 17 = UDP",
        [MSG_UDP_UNWRAP_UDP] = "en-tête UDP retiré\u00a0: port %u = cette socket",
        [MSG_UDP_WHOLE] = "un sendto() = un datagramme = un recvfrom()\u00a0: le message arrive entier, tel qu'il a été envoyé",
        [MSG_UDP_ABSENT_TITLE] = "Ce qui n'est pas là, et qu'on verrait avec TCP (SOCK_STREAM)\u00a0:",
        [MSG_UDP_ABSENT_CONNECTION] = "- ni listen(), ni accept(), ni connect()\u00a0: il n'y a pas de connexion\u00a0; chaque sendto() donne sa destination, chaque recvfrom() dit qui a envoyé.",
        [MSG_UDP_ABSENT_HANDSHAKE] = "- pas de poignée de main (SYN, SYN-ACK, ACK) ni de FIN\u00a0: le premier paquet porte déjà le message, et close() n'envoie rien.",
        [MSG_UDP_ABSENT_ACK] = "- ni accusé de réception (ACK), ni numéros de séquence\u00a0: l'émetteur ne sait jamais si son datagramme est arrivé. Ce qui est perdu reste perdu, sauf si l'application elle-même le renvoie.",
        [MSG_UDP_ABSENT_HEADER] = "- un en-tête de 8\u00a0octets (ports, longueur, somme de contrôle), contre 20 au moins pour TCP (numéros de séquence et d'accusé de réception, drapeaux, fenêtre, options).",
        [MSG_UDP_ABSENT_BOUNDARIES] = "- un sendto() = un datagramme = un recvfrom()\u00a0: les limites des messages sont conservées. Avec TCP, un recv() peut rendre une partie d'un message, ou plusieurs à la fois (voir le scénario partial-recv).",
        [MSG_UDP_SUMMARY_SPLIT] = "En-têtes\u00a0: liaison %u, IPv4 %u, UDP %u\u00a0octets.",
        [MSG_UDP_FIELD_LENGTH] = "Longueur|octets de l'en-tête UDP (8) et de ses données ensemble",
        [MSG_UDP_FIELD_CHECKSUM] = "Somme de contrôle|couvre l'en-tête UDP, les données et les adresses\u00a0; sur IPv4, 0 signifie aucune somme. Sur la boucle locale elle est «\u00a0partielle\u00a0»\u00a0: le noyau la laisse à une carte réseau qui ne voit jamais le paquet",
        [MSG_UDP_FIELD_SPORT] = "Port source|la socket de la machine émettrice d'où vient le datagramme\u00a0: c'est là que va une réponse",
        [MSG_UDP_FIELD_DPORT] = "Port de destination|la socket de la machine réceptrice qui reçoit le datagramme\u00a0: c'est ainsi qu'UDP trouve le programme",
        [MSG_UI_UDP_HEADER] = "En-tête UDP",
        [MSG_UI_STATE_AFTER] = "État TCP après ce paquet\u00a0: côté client «\u00a0%s\u00a0», côté serveur «\u00a0%s\u00a0»",
        /* ---- http (LESSON_MESSAGES_HTTP) ---- */
        [MSG_DESC_HTTP] = "HTTP/1.1 sur le même TCP\u00a0: un GET et sa page",
        [MSG_HTTP_REQUEST_TITLE] = "Ces %u\u00a0octets sont une requête HTTP\u00a0: du texte, ligne par ligne, chacune terminée par \\r\\n\u00a0:",
        [MSG_HTTP_RESPONSE_TITLE] = "Ces %u\u00a0octets sont une réponse HTTP\u00a0: du texte, ligne par ligne, chacune terminée par \\r\\n\u00a0:",
        [MSG_HTTP_REQUEST_LINE] = "ligne de requête",
        [MSG_HTTP_STATUS_LINE] = "ligne d'état",
        [MSG_HTTP_HEADER] = "en-tête",
        [MSG_HTTP_BLANK] = "ligne vide",
        [MSG_HTTP_BLANK_DETAIL] = "\\r\\n seul\u00a0: les en-têtes s'arrêtent ici",
        [MSG_HTTP_BODY] = "corps",
        [MSG_HTTP_NO_BODY] = "aucun\u00a0: un GET demande, il n'envoie rien de plus",
        [MSG_HTTP_BODY_DETAIL] = "%s\u00a0: %s",
        [MSG_HTTP_SAME_LAYERS] = "Pour TCP et IP, tout cela n'est que %u\u00a0octets de données\u00a0: TCP ajoute son en-tête (%u\u00a0octets) et IPv4 le sien (%u\u00a0octets), exactement comme pour «\u00a0MessageVersServeur\u00a0»\u00a0; ni l'un ni l'autre ne lit le texte.",
        [MSG_HTTP_COMPARE] = "HTTP et le protocole fait maison («\u00a0MessageVersServeur\u00a0») voyagent sur les mêmes couches\u00a0: la même poignée de main, les mêmes en-têtes TCP et IPv4, le même FIN pour fermer. Ils diffèrent au-dessus de TCP\u00a0: le texte de HTTP fait un travail que le protocole fait maison laisse à ce dont les deux programmes ont convenu d'avance\u00a0:",
        [MSG_HTTP_COMPARE_APP] = "application",
        [MSG_HTTP_COMPARE_APP_TEXT] = "ce qui est demandé et répondu\u00a0: GET /index.html, 200 OK. Fait maison\u00a0: le message lui-même, rien d'autre.",
        [MSG_HTTP_COMPARE_PRES] = "présentation",
        [MSG_HTTP_COMPARE_PRES_TEXT] = "comment lire les octets\u00a0: Content-Type: text/html; charset=utf-8. Fait maison\u00a0: les deux côtés supposent du texte ASCII.",
        [MSG_HTTP_COMPARE_SESSION] = "session",
        [MSG_HTTP_COMPARE_SESSION_TEXT] = "où un message finit et quand fermer\u00a0: la ligne vide, Content-Length, Connection: close. Fait maison\u00a0: un recv(2048) est pris pour un message entier (partial-recv montre que ce n'est pas garanti).",
        /* ---- time-wait (LESSON_MESSAGES_TIME_WAIT) ---- */
        [MSG_DESC_TIME_WAIT] = "relancer aussitôt\u00a0: TIME-WAIT et SO_REUSEADDR",
        [MSG_TW_CALL_REUSEADDR] = "SO_REUSEADDR\u00a0: bind pourra prendre un port que d'anciennes connexions en TIME-WAIT retiennent encore (jamais un port sur lequel une socket écoute)",
        [MSG_TW_ERR_EADDRINUSE] = "EADDRINUSE\u00a0: plus aucune socket n'écoute sur ce port, mais l'ancienne connexion le retient encore\u00a0: le serveur a fermé en premier (étape %zu), son côté est donc en TIME-WAIT.",
        [MSG_TW_FIRST_REUSEADDR] = "Ce serveur l'active dès le départ\u00a0: sous Linux, un bind ultérieur ne peut partager le port avec les connexions de cette socket en TIME-WAIT que si cette socket l'a demandée elle aussi.",
        [MSG_TW_RESTART] = "Le programme serveur redémarre aussitôt (après un plantage, ou pour essayer une modification), sur le même port, et cette fois sans l'option, comme dans le serveur du cours.",
        [MSG_TW_RESTART_REUSEADDR] = "Il redémarre une fois de plus, maintenant avec SO_REUSEADDR avant bind.",
        [MSG_TW_ENTERED] = "Attente temporisée (TIME-WAIT)\u00a0: le %s a fermé en premier, son côté de cette connexion attend donc pendant 2×MSL (60\u00a0s sous Linux) avant de disparaître\u00a0; en attendant, le port %u reste pris.",
        [MSG_TW_SEE_DEMO] = "Un serveur relancé aussitôt sur ce port échouerait au bind avec EADDRINUSE, sauf s'il active SO_REUSEADDR\u00a0: voir stackscope demo time-wait.",
        [MSG_TW_ALSO_AFTER_RESTART] = "La même erreur survient quand on relance aussitôt un serveur qui a fermé ses connexions en premier\u00a0: elles retiennent encore le port, en TIME-WAIT (voir stackscope demo time-wait).",
        [MSG_TW_WHO] = "Qui attend en TIME-WAIT\u00a0: le côté qui ferme en premier. C'est lui qui envoie le dernier ACK, la réponse au FIN de l'autre côté\u00a0; l'autre côté, lui, en a aussitôt fini.",
        [MSG_TW_HOW_LONG] = "Combien de temps\u00a0: 2×MSL, deux fois la durée de vie maximale d'un segment dans le réseau (Maximum Segment Lifetime). Linux attend 60\u00a0s.",
        [MSG_TW_WHY] = "Pourquoi\u00a0: un doublon en retard d'un segment de l'ancienne connexion ne doit pas être pris pour des données d'une nouvelle connexion entre les mêmes adresses et les mêmes ports\u00a0; et si le dernier ACK se perd, l'autre côté renvoie son FIN, auquel il faut répondre à nouveau.",
        [MSG_TW_SEE] = "Pour le voir\u00a0: lancez ss -tan state time-wait dans la minute qui suit\u00a0; 127.0.0.1:%u y figure.",
        [MSG_TW_FIX] = "La solution\u00a0: s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) avant bind, dans le programme du serveur, comme le font les étapes suivantes. Sous Linux, l'ancienne socket doit l'avoir activée elle aussi\u00a0: l'option a sa place dans le programme dès le départ.",
        [MSG_TW_NOT_REUSEPORT] = "Pas SO_REUSEPORT\u00a0: celle-là permet à plusieurs sockets d'utiliser le même port en même temps\u00a0; une deuxième copie du serveur démarrerait alors sans la moindre erreur et se partagerait les clients avec la première.",
        /* ---- lost-segment, offload (LESSON_MESSAGES_LOSS) ---- */
        [MSG_DESC_LOST_SEGMENT] = "un segment perdu en route, envoyé de nouveau, et les données lues quand même dans l'ordre",
        [MSG_SEGMENT_AGAIN] = "encapsulé comme le #%zu\u00a0: %u\u00a0o de données (octets %u–%u du message) + TCP %u + IPv4 %u + liaison %u = %u\u00a0o sur le réseau",
        [MSG_RECV_RANGE] = "recv() a lu les octets %u–%u du flux du %s\u00a0: %s.",
        [MSG_RANGE_ALL] = "le #%zu en entier (%u\u00a0o)",
        [MSG_RANGE_FIRST] = "les %u premiers octets du #%zu",
        [MSG_RANGE_LAST] = "les %u derniers octets du #%zu",
        [MSG_RANGE_MIDDLE] = "les octets %u–%u du #%zu",
        [MSG_RANGE_ONE] = "l'octet %u du #%zu",
        [MSG_RANGE_AND] = " et ",
        [MSG_LOSS_TITLE] = "Ce qu'est devenu le segment perdu\u00a0:",
        [MSG_LOSS_DROPPED] = "Le #%zu portait les octets %u–%u. La règle de pare-feu de la démo (nftables) l'a jeté à l'entrée du serveur\u00a0: le TCP du serveur ne l'a jamais reçu.",
        [MSG_LOSS_CAPTURED] = "Il figure pourtant dans la capture\u00a0: sur la boucle locale, la capture copie chaque paquet à son arrivée, avant que le point d'entrée du pare-feu ne décide de son sort.",
        [MSG_LOSS_DUPACKS] = "Les segments suivants, eux, sont arrivés, mais après un trou. TCP ne donne rien au programme au-delà d'un trou\u00a0: le serveur les met de côté et n'accuse de nouveau réception que jusqu'à l'octet %u (%s).",
        [MSG_LOSS_SACK] = "Leurs blocs SACK (accusé de réception sélectif) disent quels octets suivants il a déjà\u00a0: %u–%u. Le client n'a besoin de renvoyer que le trou.",
        [MSG_LOSS_DUP_ALL] = "Ce sont tous des ACK dupliqués\u00a0: le même accusé de réception, rien de nouveau.",
        [MSG_LOSS_DUP_IT] = "C'est un ACK dupliqué\u00a0: le même accusé de réception, rien de nouveau.",
        [MSG_LOSS_DUP_SOME] = "L'analyse en compte %zu comme des ACK dupliqués\u00a0; pour les autres, la fenêtre a aussi changé (le tampon du serveur a grandi)\u00a0: elle les appelle mises à jour de fenêtre.",
        [MSG_LOSS_DUP_ONE] = "L'analyse en compte un comme ACK dupliqué\u00a0; pour les autres, la fenêtre a aussi changé (le tampon du serveur a grandi)\u00a0: elle les appelle mises à jour de fenêtre.",
        [MSG_LOSS_RETRANSMITTED] = "Le client envoie de nouveau les octets %u–%u dans le #%zu, %s après le #%zu.",
        [MSG_LOSS_ACKED] = "Le #%zu accuse réception de tout, jusqu'à l'octet %u, d'un seul coup\u00a0: le trou est comblé, et les octets mis de côté comptent aussi.",
        [MSG_LOSS_IN_ORDER] = "Les appels recv() ci-dessous lisent les octets dans l'ordre, comme si rien ne s'était perdu\u00a0: «\u00a0Fiable\u00a0; les paquets sont en ordre.\u00a0»",
        /* ---- the demo's notices (LESSON_MESSAGES_NOTICES) ---- */
        [MSG_NOTICE_LINE] = "stackscope demo\u00a0: %s",
        [MSG_NOTICE_PORT_BUSY] = "le port %u est occupé\u00a0; la démo prend à sa place le port libre %u.",
        [MSG_NOTICE_RECORDED] = "%s\u00a0; voici la séance enregistrée fournie avec stackscope.",
        [MSG_NOTICE_NO_CAPTURE] = "pas le droit de capturer sur l'interface loopback (lancez-la en root, ou\u00a0: setcap cap_net_raw,cap_net_admin=eip %s)",
        [MSG_NOTICE_LO_BUSY] = "une autre démo de stackscope est en train de modifier l'interface loopback",
        [MSG_NOTICE_NO_NFT] = "nft est introuvable\u00a0: installez nftables",
        [MSG_NOTICE_LO_NO_RIGHTS] = "pas le droit de modifier l'interface loopback (%s)",
        [MSG_NOTICE_LO_FAILED] = "impossible de modifier l'interface loopback ici (%s)",
        [MSG_NOTICE_OFFLOAD_ON] = "%s\u00a0; la capture peut montrer plusieurs segments en un seul paquet.",
        [MSG_NOTICE_INTERRUPTED] = "interrompue\u00a0; l'interface loopback est remise comme elle était.",
        [MSG_NOTICE_NOT_PUT_BACK] = "interrompue\u00a0; l'interface loopback n'a PAS été remise comme elle était\u00a0: %s",
        /* ---- counts, and what the walkthrough chooses by a number (LESSON_MESSAGES_WALK) ---- */
        [MSG_N_BYTE] = "%lu\u00a0octet",
        [MSG_N_BYTES] = "%lu\u00a0octets",
        [MSG_N_PACKET] = "%lu\u00a0paquet",
        [MSG_N_PACKETS] = "%lu\u00a0paquets",
        [MSG_RESULT_BYTE] = "%ld\u00a0octet",
        [MSG_SUMMARY_NO_TRAFFIC] = "Aucun paquet n'est passé sur le réseau\u00a0: pas de trafic, donc aucun en-tête à compter.",
        [MSG_WT_SUMMARY] = "%s, %s de données applicatives, %s d'en-têtes\u00a0:\n"
                           "%u\u00a0%% des octets transmis étaient des en-têtes.",
        [MSG_SUMMARY_SPLIT_ONE] = "En-têtes\u00a0: liaison %u, IPv4 %u, TCP %u\u00a0octet.",
        [MSG_RECV_RANGE_ONE] = "recv() a lu l'octet %u du flux du %s\u00a0: %s.",
        /* après la colonne des tailles, qui porte les octets de données du segment (988) : leur
         * nom, toujours au pluriel (un recv en lit une partie : 2 au moins), puis ce qu'il en lit */
        [MSG_UNWRAP_APP_PART] = "octets de données\u00a0: ce recv() en lit %u, à partir de leur octet %u\u00a0: %s",
        [MSG_LADDER_UDP] = "Diagramme d'échange (le temps descend\u00a0; une flèche par datagramme)",
        [MSG_LINK_OTHER] = "type de liaison %u, %s",
        [MSG_PAGE_LEGEND] = "Marques de l'analyse TCP",
        [MSG_PAGE_MARK_RETRANSMISSION] = "retransmission",
        [MSG_PAGE_MARK_DUPLICATE_ACK] = "ACK dupliqué",
        [MSG_PAGE_MARK_LOSS] = "perdu, non vu ou hors séquence",
        [MSG_PAGE_MARK_WINDOW] = "fenêtre",
        [MSG_PAGE_MARK_KEEP_ALIVE] = "keep-alive",
        [MSG_PAGE_MARK_PORTS] = "ports réutilisés",
        [MSG_PAGE_DUPLICATE_ACK_NUM] = "Numéro d'ACK dupliqué",
        [MSG_PAGE_SEE_FRAME] = "voir la trame #%u",
        [MSG_PAGE_VERDICT] = "%s\u00a0: %s.",
        /* the TCP analysis: reasons, tags, notes and labels (analysis_text.c's placeholders) */
        [MSG_REASON_RETRANSMISSION] = "les octets %r ont d'abord été envoyés dans la trame %f, %t "
                                      "plus tôt, et n'ont pas été acquittés depuis",
        [MSG_REASON_RETRANSMISSION_SYN_FIN] = "ce %k a d'abord été envoyé dans la trame %f, %t "
                                              "plus tôt, et n'a pas été acquitté depuis",
        [MSG_REASON_RETRANSMISSION_ACKED] = "les octets %r avaient déjà été envoyés\u00a0: ce segment "
                                            "les renvoie",
        [MSG_REASON_FAST_RETRANSMISSION] = "le pair a redemandé l'octet %s par %n ACK dupliqués "
                                           "(le dernier dans la trame %o, %T plus tôt)\u00a0: les "
                                           "octets %r, d'abord envoyés dans la trame %f, %t plus "
                                           "tôt, sont renvoyés sans attendre l'expiration du "
                                           "délai de retransmission (RTO)",
        [MSG_REASON_SPURIOUS_RETRANSMISSION] = "les octets %r étaient déjà acquittés\u00a0: l'accusé "
                                               "de réception du pair (ack %a), dans la trame %f, "
                                               "%t plus tôt, les couvre",
        [MSG_REASON_OUT_OF_ORDER] = "les octets %r précèdent ce que la trame %f a déjà envoyé, et "
                                    "arrivent seulement %t après elle (moins de %T)\u00a0: doublés en "
                                    "route, pas renvoyés",
        [MSG_REASON_LOST_SEGMENT] = "les octets %r n'ont jamais été vus\u00a0: la trame %f, %t plus "
                                    "tôt, s'arrêtait là où ils commencent, et ce segment commence "
                                    "après eux",
        [MSG_REASON_ACK_LOST_SEGMENT] = "ce segment acquitte les octets %r du pair, que la "
                                        "capture n'a jamais vus (le dernier segment vu du pair "
                                        "est la trame %f, %t plus tôt)",
        [MSG_REASON_DUPLICATE_ACK] = "le même numéro d'accusé de réception (%a) et la même "
                                     "fenêtre que la trame %f, %t plus tôt, sans données\u00a0: ACK "
                                     "dupliqué n° %n",
        /* the window repeats another frame's (a window update came in between) */
        [MSG_REASON_DUPLICATE_ACK_WINDOW] = "le même numéro d'accusé de réception (%a) que la "
                                            "trame %f, %t plus tôt, la même fenêtre que son ACK "
                                            "précédent (trame %o), sans données\u00a0: ACK dupliqué "
                                            "n° %n",
        [MSG_REASON_ZERO_WINDOW] = "la fenêtre vaut 0\u00a0: le tampon de réception de ce côté est "
                                   "plein et le pair doit cesser d'envoyer",
        [MSG_REASON_ZERO_WINDOW_PROBE] = "un octet (%r) envoyé dans la fenêtre fermée que le pair "
                                         "a annoncée dans la trame %f, %t plus tôt, pour voir si "
                                         "elle s'est rouverte",
        [MSG_REASON_ZERO_WINDOW_PROBE_ACK] = "répond à la sonde de fenêtre nulle de la trame %f\u00a0: "
                                             "la fenêtre vaut toujours 0",
        [MSG_REASON_WINDOW_FULL] = "les octets %r remplissent jusqu'au dernier octet la fenêtre "
                                   "de %a\u00a0octets que le pair a annoncée dans la trame %f",
        /* the sizes without their noun: « 0 octet » would need the count's own singular */
        [MSG_REASON_WINDOW_UPDATE] = "seule la fenêtre a changé\u00a0: %b dans la trame %f, %t plus "
                                     "tôt, %a maintenant (en octets)",
        [MSG_REASON_WINDOW_UPDATE_RAW] = "seule la fenêtre a changé\u00a0: %b dans la trame %f, %t "
                                         "plus tôt, %a maintenant (valeurs brutes\u00a0: le facteur "
                                         "d'échelle est inconnu)",
        [MSG_REASON_KEEP_ALIVE] = "son numéro de séquence est inférieur de 1 au prochain numéro "
                                  "attendu, après %t de silence depuis la trame %f\u00a0: il vérifie "
                                  "que le pair est toujours là",
        [MSG_REASON_KEEP_ALIVE_ACK] = "répond au keep-alive de la trame %f avec le même ACK et la "
                                      "même fenêtre",
        [MSG_REASON_REUSED_PORTS] = "les mêmes adresses et ports ont servi au flux %n, vu pour la "
                                    "dernière fois dans la trame %f, %t plus tôt\u00a0; le numéro de "
                                    "séquence initial %a de ce SYN n'est pas le sien (%b)",
        [MSG_TAG_RETRANSMISSION] = "retransmission de #%f",
        [MSG_TAG_FAST_RETRANSMISSION] = "retransmission rapide de #%f",
        [MSG_TAG_SPURIOUS_RETRANSMISSION] = "retransmission inutile, acquittée dans le #%f",
        [MSG_TAG_OUT_OF_ORDER] = "hors séquence",
        [MSG_TAG_LOST_SEGMENT] = "segment perdu avant",
        [MSG_TAG_ACK_LOST_SEGMENT] = "acquitte un segment non vu",
        [MSG_TAG_DUPLICATE_ACK] = "ACK dupliqué %n de #%f",
        [MSG_TAG_ZERO_WINDOW] = "fenêtre nulle",
        [MSG_TAG_ZERO_WINDOW_PROBE] = "sonde de fenêtre nulle",
        [MSG_TAG_ZERO_WINDOW_PROBE_ACK] = "réponse à la sonde",
        [MSG_TAG_WINDOW_FULL] = "fenêtre pleine",
        [MSG_TAG_WINDOW_UPDATE] = "mise à jour de fenêtre",
        [MSG_TAG_KEEP_ALIVE] = "keep-alive",
        [MSG_TAG_KEEP_ALIVE_ACK] = "ACK de keep-alive",
        [MSG_TAG_REUSED_PORTS] = "ports réutilisés",
        [MSG_TAG_RETRANSMISSION_NO_FRAME] = "retransmission",
        [MSG_TAG_FAST_RETRANSMISSION_NO_FRAME] = "retransmission rapide",
        [MSG_TAG_SPURIOUS_RETRANSMISSION_NO_FRAME] = "retransmission inutile",
        [MSG_TAG_DUPLICATE_ACK_NO_FRAME] = "ACK dupliqué %n",
        [MSG_NOTE_CONNECTION_FORGOTTEN] = "cette connexion a déjà été vue puis oubliée (la table "
                                          "était pleine)\u00a0: analysée comme si elle commençait ici",
        [MSG_NOTE_SEGMENTS_FORGOTTEN] = "des segments non acquittés ont été oubliés (trop à la "
                                        "fois)\u00a0: un RTT, un RTO ou les octets en vol peuvent "
                                        "manquer",
        [MSG_NOTE_IP_FRAGMENT] = "un fragment IP\u00a0: non analysé (stackscope ne réassemble pas)",
        [MSG_NOTE_NO_SEGMENT_LENGTH] = "l'en-tête TCP dépasse ce que laisse la longueur IP\u00a0: pas "
                                       "de longueur de segment, non analysé",
        [MSG_NOTE_HEADER_NOT_CAPTURED] = "la capture s'arrête dans l'en-tête TCP\u00a0: non analysé",
        [MSG_NOTE_BAD_HEADER_LENGTH] = "décalage des données (data offset) inférieur à 5\u00a0mots\u00a0: "
                                       "non analysé",
        [MSG_LABEL_STREAM] = "Flux",
        [MSG_LABEL_ANALYSIS] = "Analyse",
        [MSG_LABEL_ACKS] = "Acquitte la trame",
        [MSG_LABEL_BYTES] = "octets",
        [MSG_LABEL_RTT] = "RTT",
        [MSG_LABEL_IN_FLIGHT] = "Octets en transit",
        [MSG_LABEL_RTO] = "Temps depuis le premier envoi (RTO)",
        [MSG_LABEL_HANDSHAKE_RTT] = "RTT de la poignée de main",
        [MSG_LABEL_NOTE] = "Remarque",
        [MSG_LABEL_WINDOW_BYTES] = "octets",
        [MSG_LABEL_WINDOW_UNSCALED] = "pas de facteur d'échelle",
        [MSG_LABEL_WINDOW_UNKNOWN] = "échelle inconnue\u00a0: la poignée de main n'a pas été capturée",
        [MSG_LABEL_WINDOW_SYN] = "jamais multipliée par l'échelle dans un SYN",
        /* ---- explain (LESSON_EXPLAIN_MESSAGES) ---- */
        [MSG_EXPLAIN_SYN] =
            "Ouvre une connexion (1/3)\u00a0: %s demande une connexion à %s\u00a0; ses octets sont comptés à partir d'ici.",
        [MSG_EXPLAIN_SYN_SIMULTANEOUS] =
            "Ouvre lui aussi une connexion (1/3) alors que l'autre SYN est en route\u00a0: %s et %s s'appellent l'un l'autre, c'est une ouverture simultanée.",
        [MSG_EXPLAIN_SYNACK] =
            "Accepte la connexion (2/3)\u00a0: le %s accuse réception du SYN et envoie le sien, avec son propre numéro de départ.",
        [MSG_EXPLAIN_HANDSHAKE_ACK] =
            "Confirme la connexion (3/3)\u00a0: le %s accuse réception du SYN-ACK\u00a0; la connexion est établie, les données peuvent circuler dans les deux sens.",
        [MSG_EXPLAIN_BYTES] =
            "%u\u00a0octets",
        [MSG_EXPLAIN_ONE_BYTE] =
            "1\u00a0octet",
        [MSG_EXPLAIN_RANGE] =
            "octets %u à %u",
        [MSG_EXPLAIN_RANGE_ONE] =
            "octet %u",
        [MSG_EXPLAIN_DATA] =
            "Transporte %s de données (%s de ce qu'envoie le %s)\u00a0: %s",
        [MSG_EXPLAIN_ACK_DATA] =
            "Accuse réception de tout jusqu'à l'octet %u (les données de la trame %u).",
        [MSG_EXPLAIN_ACK_UPTO] =
            "Accuse réception de tout jusqu'à l'octet %u.",
        [MSG_EXPLAIN_ACK_DUP] =
            "N'accuse toujours réception que jusqu'à l'octet %u\u00a0: l'octet %u n'est pas arrivé, même si des suivants ont pu arriver\u00a0; cet ACK dupliqué le redemande.",
        [MSG_EXPLAIN_ACK_NO_DATA] =
            "N'accuse réception d'aucune donnée pour l'instant\u00a0: le %s attend l'octet 1.",
        [MSG_EXPLAIN_ACK_FIN] =
            "Accuse réception du FIN de la trame %u\u00a0: le %s sait que l'autre côté n'enverra plus rien.",
        [MSG_EXPLAIN_ACK_FIN_NO_FRAME] =
            "Accuse réception du FIN de l'autre côté\u00a0: le %s sait que l'autre côté n'enverra plus rien.",
        [MSG_EXPLAIN_LAST_ACK] =
            "Accuse réception du dernier FIN\u00a0: la connexion est fermée. Le %s reste encore en attente temporisée (TIME-WAIT, 2×MSL) au cas où cet ACK se perdrait et où le FIN reviendrait.",
        [MSG_EXPLAIN_FIN] =
            "Ferme son côté (FIN)\u00a0: le %s n'enverra plus de données, mais il peut encore en recevoir.",
        [MSG_EXPLAIN_FIN_REPLY] =
            "Ferme à son tour son côté (FIN)\u00a0: une fois ce FIN acquitté, la connexion sera fermée.",
        [MSG_EXPLAIN_FIN_AND_ACK] =
            "Ferme à son tour son côté (FIN) et accuse réception du FIN de l'autre côté dans le même paquet\u00a0: voilà pourquoi cette fermeture prend 3\u00a0paquets au lieu de 4.",
        [MSG_EXPLAIN_FIN_SIMULTANEOUS] =
            "Ferme son côté (FIN) alors que le FIN de l'autre côté est en route\u00a0: c'est une fermeture simultanée, chaque côté attend maintenant l'ACK de son propre FIN.",
        [MSG_EXPLAIN_RST] =
            "Interrompt la connexion (RST)\u00a0: pas de fermeture en bonne et due forme, les deux côtés l'abandonnent aussitôt\u00a0; les données pas encore remises sont perdues.",
        [MSG_EXPLAIN_RST_REFUSED] =
            "Refuse la connexion (RST)\u00a0: rien n'écoute sur le port %u, donc le noyau répond au SYN par une réinitialisation et connect() échoue avec ECONNREFUSED.",
        [MSG_EXPLAIN_VERDICT] =
            "Analyse TCP, %s\u00a0: %s.",
        [MSG_EXPLAIN_UDP] =
            "Un datagramme UDP de %s, du port %u vers le port %u\u00a0: ni connexion, ni numéro de séquence, ni accusé de réception\u00a0; un sendto() donne un datagramme.",
        [MSG_EXPLAIN_UDP_DATA] =
            "Il transporte\u00a0: %s",
        [MSG_EXPLAIN_ICMP] =
            "Un message ICMP (type %u, code %u)\u00a0: les messages propres à IP (erreurs, ping), sans ports ni connexion.",
        [MSG_EXPLAIN_OTHER] =
            "Ni TCP ni UDP sur IP\u00a0: aucune connexion à suivre.",
        [MSG_EXPLAIN_ACK_REPEAT] =
            "Répète son accusé de réception\u00a0: il n'y a rien de nouveau à acquitter.",
        [MSG_EXPLAIN_ACK_FIN_AGAIN] =
            "Accuse de nouveau réception de tout ce que l'autre côté a envoyé, FIN compris.",
        [MSG_EXPLAIN_HANDSHAKE_ACK_UNSEEN] =
            "Confirme la connexion (3/3)\u00a0: le %s accuse réception du SYN-ACK, que cette capture ne montre pas\u00a0; la connexion est établie, les données peuvent circuler dans les deux sens.",
        [MSG_EXPLAIN_FIN_AGAIN] =
            "Renvoie son FIN\u00a0: le %s n'en a pas encore reçu l'accusé de réception.",
        [MSG_EXPLAIN_FIN_AGAIN_TIME_WAIT] =
            "Renvoie son FIN\u00a0: le dernier ACK s'est perdu (ou tarde), alors le %s, toujours en attente temporisée (TIME-WAIT), peut l'acquitter de nouveau. C'est à cela que sert l'attente temporisée.",
        [MSG_EXPLAIN_RST_IGNORED] =
            "Une réinitialisation (RST) hors de la fenêtre qu'offre le %s\u00a0: la RFC 9293 demande de l'ignorer (segment en retard ou falsifié), la connexion continue donc.",
        [MSG_EXPLAIN_RST_IGNORED_SYN] =
            "Une réinitialisation (RST) qui n'accuse pas réception du SYN du %s\u00a0: la RFC 9293 demande de l'ignorer, le %s attend donc toujours une réponse.",
        [MSG_EXPLAIN_SYN_DATA] =
            "Il transporte déjà %s de données (TCP Fast Open)\u00a0: %s",
        [MSG_EXPLAIN_FRAGMENT] =
            "Un fragment suivant d'un paquet IP (%s, à partir de l'octet %u de sa charge utile)\u00a0: seul le premier fragment porte l'en-tête %s et ses ports, et stackscope ne réassemble pas les fragments\u00a0: aucune connexion à suivre ici.",
        [MSG_EXPLAIN_TCP_CUT] =
            "Un en-tête TCP tronqué par la capture (%u de ses 20\u00a0octets)\u00a0: sans ses drapeaux, le paquet ne peut pas être situé dans sa connexion.",
        [MSG_EXPLAIN_UDP_CUT] =
            "Un en-tête UDP tronqué par la capture (%u de ses 8\u00a0octets)\u00a0: sa longueur et ses données sont inconnues.",
        /* ---- --diagram (LESSON_DIAGRAM_MESSAGES) : les noms des champs du déroulé ; une case de
         * 4 bits n'a que 7 colonnes (« Vers. », « Déc. »), une de 16 bits 31 : la somme de
         * contrôle y tient avec sa valeur et son verdict sous le nom de « Somme » ---- */
        [MSG_DIAG_IPV4_TITLE] = "En-tête IPv4, %s",
        [MSG_DIAG_TCP_TITLE] = "En-tête TCP, %s",
        [MSG_DIAG_UDP_TITLE] = "En-tête UDP, %s",
        [MSG_DIAG_VERSION] = "Vers. %u",
        [MSG_DIAG_IHL] = "IHL %u",
        [MSG_DIAG_TOS] = "Service 0x%02x",
        [MSG_DIAG_TOTAL_LENGTH] = "Longueur totale %u",
        [MSG_DIAG_ID] = "Identification %u",
        [MSG_DIAG_FRAG] = "Décalage du fragment %u",
        [MSG_DIAG_TTL] = "Durée de vie %u",
        [MSG_DIAG_TTL_SHORT] = "TTL %u",
        [MSG_DIAG_PROTOCOL] = "Protocole %u %s",
        [MSG_DIAG_PROTOCOL_SHORT] = "Proto %u %s",
        [MSG_DIAG_CHECKSUM] = "Somme 0x%04x %s",
        [MSG_DIAG_SRC] = "Adresse source %s",
        [MSG_DIAG_DST] = "Adresse de destination %s",
        [MSG_DIAG_IP_OPTIONS] = "Options IPv4 (%u\u00a0o)\u00a0:",
        [MSG_DIAG_SPORT] = "Port source %u",
        [MSG_DIAG_DPORT] = "Port de destination %u",
        [MSG_DIAG_SEQ] = "Numéro de séquence %u",
        [MSG_DIAG_SEQ_REL] = "Numéro de séquence %u (relatif %u)",
        [MSG_DIAG_ACK] = "Accusé de réception %u",
        [MSG_DIAG_ACK_REL] = "Accusé de réception %u (relatif %u)",
        [MSG_DIAG_ACK_NONE] = "Accusé de réception %u (pas d'ACK)",
        [MSG_DIAG_DATA_OFFSET] = "Déc. %u",
        [MSG_DIAG_WINDOW] = "Fenêtre %u",
        [MSG_DIAG_URGENT] = "Pointeur urgent %u",
        [MSG_DIAG_TCP_OPTIONS] = "Options TCP (%u\u00a0o)\u00a0:",
        [MSG_DIAG_OPTIONS] = "Options",
        [MSG_DIAG_DATA] = "Données\u00a0: %s",
        [MSG_DIAG_DATA_BRIEF] = "Données",
        [MSG_DIAG_DATA_FRAGMENT] = "Données\u00a0: %s ici, %u dans le datagramme",
        [MSG_DIAG_DATA_INVALID] = "Données capturées\u00a0: %s (longueur invalide)",
        [MSG_DIAG_UDP_LENGTH] = "Longueur %u",
        [MSG_DIAG_UDP_NO_CHECKSUM] = "Somme 0 (aucune)",
        [MSG_DIAG_ICMP_TITLE] = "En-tête ICMP, %s",
        [MSG_DIAG_ICMPV6_TITLE] = "En-tête ICMPv6, %s",
        [MSG_DIAG_ICMP_TYPE] = "Type %u",
        [MSG_DIAG_ICMP_CODE] = "Code %u",
        [MSG_DIAG_ICMP_ID] = "Identifiant %u",
        [MSG_DIAG_ICMP_SEQ] = "Numéro de séquence %u",
        [MSG_DIAG_ICMP_REST] = "Reste de l'en-tête 0x%08x",
        [MSG_DIAG_ICMP_QUOTED] = "Datagramme cité\u00a0: %s",
        [MSG_DIAG_IPV6_TITLE] = "En-tête IPv6, %s",
        [MSG_DIAG_TRAFFIC_CLASS] = "Classe de trafic 0x%02x",
        [MSG_DIAG_TRAFFIC_CLASS_SHORT] = "Classe 0x%02x",
        [MSG_DIAG_FLOW_LABEL] = "Étiquette de flux 0x%05x",
        [MSG_DIAG_PAYLOAD_LENGTH] = "Longueur des données %u",
        [MSG_DIAG_NEXT_HEADER] = "En-tête suivant %u %s",
        [MSG_DIAG_NEXT_HEADER_SHORT] = "Suivant %u %s",
        [MSG_DIAG_HOP_LIMIT] = "Limite de sauts %u",
        [MSG_DIAG_HOP_LIMIT_SHORT] = "Sauts %u",
        [MSG_DIAG_SRC6] = "Adresse source %s (%u/4)",
        [MSG_DIAG_DST6] = "Adresse de destination %s (%u/4)",
        /* ---- --conversations (LESSON_CONVERSATION_MESSAGES) ---- */
        [MSG_CONV_TCP_TITLE] = "Conversations TCP, dans l'ordre du premier paquet (n° = tcp.stream de tshark)",
        [MSG_CONV_UDP_TITLE] = "Conversations UDP, dans l'ordre du premier paquet (n° = udp.stream de tshark)",
        [MSG_CONV_HEAD_STREAM] = "n°",
        [MSG_CONV_HEAD_A] = "A",
        [MSG_CONV_HEAD_B] = "B",
        [MSG_CONV_HEAD_START] = "Début",
        [MSG_CONV_HEAD_DURATION] = "Durée",
        [MSG_CONV_HEAD_RTT] = "RTT",
        [MSG_CONV_HEAD_END] = "Fin",
        [MSG_CONV_HEAD_AB_PACKETS] = "A→B paquets",
        [MSG_CONV_HEAD_BA_PACKETS] = "B→A paquets",
        [MSG_CONV_HEAD_BYTES] = "octets",
        [MSG_CONV_HEAD_RETRANS] = "Retrans.",
        [MSG_CONV_HEAD_DUP_ACKS] = "ACK dupl.",
        [MSG_CONV_END_OPEN] = "ouverte",
        [MSG_CONV_LEGEND] = "A a envoyé le premier paquet (le client, si la capture a le SYN). Début\u00a0:\n"
                            "secondes depuis le premier paquet de la capture. RTT\u00a0: celui de la poignée\n"
                            "de main, du SYN à l'ACK. Fin\u00a0: FIN A,B = A a fermé en premier, puis B\u00a0;\n"
                            "FIN A = seul A a fermé\u00a0; RST B = réinitialisée par B.",
        [MSG_CONV_TOTAL] = "Total\u00a0: ",
        [MSG_CONV_OTHER] = "Non listées (la table garde les %u premières)\u00a0: ",
        [MSG_CONV_AT_LEAST] = "au moins",
        [MSG_CONV_LOOSE] = "Hors des connexions TCP et des flux UDP (ARP, ICMP, fragments IP…)\u00a0: ",
        [MSG_CONV_NONE] = "aucune",
        [MSG_CONV_CONVERSATION] = "conversation",
        [MSG_CONV_CONVERSATIONS] = "conversations",
        [MSG_CONV_PACKET] = "paquet",
        [MSG_CONV_PACKETS] = "paquets",
        [MSG_CONV_BYTE] = "octet",
        [MSG_CONV_BYTES] = "octets",
    },
};
