/* messages_fr.c - la leçon en français, avec les termes du cours. Une seule table : chaque phrase
 * du déroulé, de la page et de l'analyse TCP, par clé enum lesson_msg. */
#include "stackscope/lesson.h"

const struct lesson_text lesson_text_fr = {
    .lang = "fr",
    .print_lang = PRINT_LANG_FR,
    .decimal = ',',
    .msg = {
        [MSG_TITLE] = "stackscope demo : %s - %s",
        [MSG_SETUP] = "Un serveur et un client de cette machine dialoguent en TCP sur la boucle\n"
                      "locale (127.0.0.1), port %u. stackscope capture chaque paquet échangé et\n"
                      "montre chaque appel socket, les paquets qu'il provoque et ce qu'ajoute\n"
                      "chaque couche.",
        [MSG_DESC_EXCHANGE] = "l'échange du cours, un message dans chaque sens",
        [MSG_DESC_PARTIAL_RECV] = "un long message lu par plusieurs appels recv()",
        [MSG_DESC_CONCURRENT] = "deux clients à la fois, un thread serveur chacun",
        [MSG_DESC_PORT_IN_USE] = "deux sockets ne peuvent pas utiliser le même port",
        [MSG_DESC_SERVER_CLOSE] = "le serveur ferme en premier",
        [MSG_DESC_REFUSED] = "connect() vers un port où personne n'écoute",
        [MSG_CALL_SOCKET] = "crée une extrémité TCP/IPv4 ; rien ne passe encore sur le réseau",
        [MSG_CALL_SETSOCKOPT] = "limite les segments à 1000 octets, comme sur un petit réseau : un long message en demande plusieurs",
        [MSG_CALL_BIND] = "attache la socket à un port, sur toutes les interfaces",
        [MSG_CALL_LISTEN] = "prêt pour les clients : le noyau répond à leurs poignées de main",
        [MSG_CALL_ACCEPT_WAIT] = "attend qu'un client se connecte...",
        [MSG_CALL_ACCEPT_DONE] = "renvoie une nouvelle socket, rien que pour ce client",
        [MSG_CALL_CONNECT] = "la poignée de main en trois temps : SYN, SYN-ACK, ACK",
        [MSG_CALL_SENDALL] = "confie les octets à TCP, qui les envoie en segments",
        [MSG_CALL_RECV_WAIT] = "attend que des données arrivent...",
        [MSG_CALL_RECV_DONE] = "lit ce qui est arrivé, au plus la taille du tampon",
        [MSG_CALL_RECV_EOF] = "0 octet : l'autre côté a fermé, plus rien n'arrivera",
        [MSG_CALL_CLOSE] = "ferme ce côté : TCP envoie un FIN",
        [MSG_CALL_CLOSE_UNCONNECTED] = "ferme une socket sans connexion : rien n'est envoyé",
        [MSG_ERR_EADDRINUSE] = "EADDRINUSE : une autre socket occupe déjà ce port. Deux programmes\n"
                               "ne peuvent pas écouter sur le même port ; changez de port ou d'adresse.",
        [MSG_ERR_ECONNREFUSED] = "ECONNREFUSED : personne n'écoute sur ce port, le noyau a répondu\n"
                                 "au SYN par un RST (réinitialisation).",
        [MSG_ERR_OTHER] = "l'appel a échoué",
        [MSG_PKT_SYN] = "SYN : ouvre la connexion, annonce le premier numéro de séquence",
        [MSG_PKT_SYNACK] = "SYN-ACK : accepte, annonce son propre numéro de séquence",
        [MSG_PKT_ACK] = "ACK : accusé de réception, « j'ai tout reçu avant l'octet ack »",
        [MSG_PKT_DATA] = "données",
        [MSG_PKT_FIN] = "FIN : plus de données de ce côté",
        [MSG_PKT_RST] = "RST : connexion refusée ou interrompue",
        [MSG_ACK_OF] = "accusé de réception du #%u (%s) après %s",
        [MSG_ACK_OF_HANDSHAKE] = "accusé de réception du #%u (%s) après %s\nla poignée de main a pris %s, du SYN à cet ACK (RTT initial)",
        [MSG_ACKED_DATA] = "%s, %u octets",
        [MSG_ANALYSIS_LINE] = "%s : %s",
        [MSG_DOWN] = "Descente dans les couches du %s (encapsulation) :",
        [MSG_UP] = "Remontée dans les couches du %s (désencapsulation) :",
        [MSG_LAYER_APP] = "couche application",
        [MSG_LAYER_TCP] = "couche transport (TCP) ajoute",
        [MSG_LAYER_IP] = "couche réseau (IP) ajoute",
        [MSG_LAYER_LINK] = "couche liaison ajoute",
        [MSG_ON_WIRE] = "sur le réseau : %u octets",
        [MSG_PARTIAL] = "Somme de contrôle TCP « partial » : sur la boucle locale le noyau la\n"
                        "laisse à une carte réseau qui ne voit jamais le paquet. Les données\n"
                        "sont intactes.",
        [MSG_UNWRAP_LINK] = "en-tête de liaison retiré",
        [MSG_UNWRAP_IP] = "en-tête IPv4 retiré : pour cet hôte, protocole 6 = TCP",
        [MSG_UNWRAP_TCP] = "en-tête TCP retiré : port %u = cette socket",
        [MSG_UNWRAP_APP] = "l'application lit",
        [MSG_LADDER] = "Diagramme d'échange (le temps descend ; seq et ack relatifs au départ)",
        [MSG_SUMMARY] = "%u paquets, %u octets de données applicatives, %u octets d'en-têtes :\n"
                        "%u %% des octets transmis étaient des en-têtes.",
        [MSG_SUMMARY_SPLIT] = "En-têtes : liaison %u, IPv4 %u, TCP %u octets.",
        [MSG_RESULT_FD] = "fd %ld",
        [MSG_RESULT_OK] = "0 (ok)",
        [MSG_RESULT_BYTES] = "%ld octets",
        [MSG_RESULT_FAIL] = "erreur %s",
        [MSG_NO_PACKET] = "(aucun paquet sur le réseau)",
        [MSG_WORD_CLIENT] = "client",
        [MSG_WORD_SERVER] = "serveur",
        [MSG_BYTES] = "octets",
        [MSG_PKT_LINE] = "#%zu %s %-5s seq %u %s long. %u (brut %u/%u)",
        [MSG_TCP_DETAIL] = "ports %u > %u, numéro de séquence %u, accusé de réception %u, %s, fenêtre %s",
        [MSG_WINDOW_SCALED] = "%u (× %u = %u octets)",
        [MSG_IP_DETAIL] = "%s > %s, TTL %u, protocole %u (TCP), identification %u, somme de contrôle 0x%04x %s",
        [MSG_LINK_DETAIL] = "Ethernet %s > %s, type 0x%04x",
        [MSG_LOCAL_ADDR] = "le noyau a choisi l'adresse locale %s",
        [MSG_GSO] = "Ce paquet dépasse la taille de segment (MSS %u) : sur la boucle locale le noyau passe %u segments d'un coup (GSO) ; une carte réseau les enverrait un par un.",
        [MSG_ACTOR_SERVER_THREAD] = "thread serveur",
        [MSG_ACTOR_SECOND_SERVER] = "second serveur",
        [MSG_VERDICT_GOOD] = "correcte",
        [MSG_VERDICT_BAD] = "fausse",
        [MSG_VERDICT_PARTIAL] = "partielle",
        [MSG_VERDICT_UNVERIFIED] = "non vérifiée",
        [MSG_FIELD_LINK] = "En-tête de liaison|la livraison locale : quelle machine du lien reçoit la trame ; sur la boucle locale les adresses sont nulles",
        [MSG_FIELD_VERSION] = "Version|4 pour IPv4 : dit au destinataire comment lire la suite de l'en-tête",
        [MSG_FIELD_IHL] = "Longueur d'en-tête (IHL)|longueur de l'en-tête IPv4 en mots de 32 bits : 5 vaut 20 octets, plus signifie des options",
        [MSG_FIELD_TOS] = "Type de service (DSCP, ECN)|priorité et marques de congestion pour les routeurs ; souvent 0",
        [MSG_FIELD_TOTAL_LENGTH] = "Longueur totale|octets du paquet IP entier : en-tête IPv4 + en-tête TCP + données",
        [MSG_FIELD_ID] = "Identification|numéro qui relie les fragments d'un même paquet",
        [MSG_FIELD_FLAGS] = "Drapeaux (réservé, DF, MF)|DF : ne pas fragmenter ; MF : d'autres fragments suivent",
        [MSG_FIELD_FRAG] = "Décalage du fragment|place de ce fragment dans le paquet d'origine, en unités de 8 octets",
        [MSG_FIELD_TTL] = "Durée de vie (TTL)|nombre de routeurs qui peuvent encore transmettre le paquet ; chacun retire 1 et le détruit à 0, pour qu'un paquet perdu ne tourne pas sans fin",
        [MSG_FIELD_PROTOCOL] = "Protocole|la couche au-dessus d'IP qui reçoit les données : 6 = TCP, 17 = UDP, 1 = ICMP",
        [MSG_FIELD_IP_CHECKSUM] = "Somme de contrôle d'en-tête|permet à chaque routeur de détecter un en-tête IPv4 abîmé",
        [MSG_FIELD_SRC] = "Adresse source|l'adresse IP de l'émetteur",
        [MSG_FIELD_DST] = "Adresse de destination|l'adresse IP du destinataire : c'est ainsi que le paquet trouve sa machine",
        [MSG_FIELD_IP_OPTIONS] = "Options IPv4|suppléments rarement utilisés (enregistrement de route, horodatage, alerte routeur)",
        [MSG_FIELD_SPORT] = "Port source|la socket de la machine émettrice d'où vient le segment",
        [MSG_FIELD_DPORT] = "Port de destination|la socket de la machine réceptrice qui reçoit les données : c'est ainsi que TCP trouve le programme",
        [MSG_FIELD_SEQ] = "Numéro de séquence|position du premier octet de données dans le flux de l'émetteur (relatif : compté depuis le début de la connexion)",
        [MSG_FIELD_ACK] = "Accusé de réception|le prochain octet attendu par l'émetteur de ce segment : tout ce qui précède est arrivé",
        [MSG_FIELD_DATA_OFFSET] = "Décalage des données|longueur de l'en-tête TCP en mots de 32 bits : là où commencent les données",
        [MSG_FIELD_RESERVED] = "Réservé|bits gardés pour l'avenir, à zéro",
        [MSG_FIELD_TCP_FLAGS] = "Drapeaux|SYN ouvre, ACK acquitte, PSH pousse les données vers l'application, FIN ferme, RST interrompt",
        [MSG_FIELD_WINDOW] = "Fenêtre|combien d'octets l'émetteur de ce segment peut encore recevoir (contrôle de flux), multiplié selon l'option d'échelle",
        [MSG_FIELD_TCP_CHECKSUM] = "Somme de contrôle|couvre l'en-tête TCP, les données et les adresses. Sur la boucle locale elle est « partielle » : le noyau la laisse à une carte réseau qui ne voit jamais le paquet",
        [MSG_FIELD_URGENT] = "Pointeur urgent|fin des données urgentes quand URG est mis ; presque jamais utilisé",
        [MSG_FIELD_TCP_OPTIONS] = "Options TCP|MSS (plus grand segment), échelle de fenêtre, SACK, horodatage : négociées à la poignée de main",
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
        [MSG_UI_LINK_HEADER] = "en-tête de liaison",
        [MSG_UI_PAYLOAD] = "données",
        [MSG_UI_PACKET] = "Paquet",
        [MSG_UI_CALL] = "Appel socket",
        [MSG_UI_HOVER] = "Pointez un champ pour voir ses octets et son rôle.",
        [MSG_UI_TRUNCATED] = "Arrêt après %u paquets : la page en montre au plus autant.",
        [MSG_UI_ENCAPSULATION] = "Encapsulation",
        /* the page's words about the analysis: the legend of the ladder's marks, the links */
        /* ---- state (LESSON_MESSAGES_STATE) ---- */
        [MSG_STATE_CLOSED] = "fermée",
        [MSG_STATE_LISTEN] = "en écoute",
        [MSG_STATE_SYN_SENT] = "SYN envoyé",
        [MSG_STATE_SYN_RECEIVED] = "SYN reçu",
        [MSG_STATE_ESTABLISHED] = "établie",
        [MSG_STATE_FIN_WAIT_1] = "attente de FIN 1",
        [MSG_STATE_FIN_WAIT_2] = "attente de FIN 2",
        [MSG_STATE_CLOSE_WAIT] = "attente de fermeture",
        [MSG_STATE_CLOSING] = "fermeture simultanée",
        [MSG_STATE_LAST_ACK] = "dernier ACK",
        [MSG_STATE_TIME_WAIT] = "attente temporisée",
        /* ---- udp (LESSON_MESSAGES_UDP) ---- */
        /* ---- http (LESSON_MESSAGES_HTTP) ---- */
        /* ---- time-wait (LESSON_MESSAGES_TIME_WAIT) ---- */
        /* ---- lost-segment, offload (LESSON_MESSAGES_LOSS) ---- */
        [MSG_PAGE_LEGEND] = "Marques de l'analyse TCP",
        [MSG_PAGE_MARK_RETRANSMISSION] = "retransmission",
        [MSG_PAGE_MARK_DUPLICATE_ACK] = "ACK dupliqué",
        [MSG_PAGE_MARK_LOSS] = "perdu, non vu ou hors séquence",
        [MSG_PAGE_MARK_WINDOW] = "fenêtre",
        [MSG_PAGE_MARK_KEEP_ALIVE] = "keep-alive",
        [MSG_PAGE_MARK_PORTS] = "ports réutilisés",
        [MSG_PAGE_DUPLICATE_ACK_NUM] = "Numéro d'ACK dupliqué",
        [MSG_PAGE_SEE_FRAME] = "voir la trame #%u",
        [MSG_PAGE_VERDICT] = "%s : %s.",
        /* the TCP analysis: reasons, tags, notes and labels (analysis_text.c's placeholders) */
        [MSG_REASON_RETRANSMISSION] = "les octets %r ont d'abord été envoyés dans la trame %f, %t "
                                      "plus tôt, et n'ont pas été acquittés depuis",
        [MSG_REASON_RETRANSMISSION_SYN_FIN] = "ce %k a d'abord été envoyé dans la trame %f, %t "
                                              "plus tôt, et n'a pas été acquitté depuis",
        [MSG_REASON_RETRANSMISSION_ACKED] = "les octets %r avaient déjà été envoyés : ce segment "
                                            "les renvoie",
        [MSG_REASON_FAST_RETRANSMISSION] = "le pair a redemandé l'octet %s par %n ACK dupliqués "
                                           "(le dernier dans la trame %o, %T plus tôt) : les "
                                           "octets %r, d'abord envoyés dans la trame %f, %t plus "
                                           "tôt, sont renvoyés sans attendre l'expiration du "
                                           "délai de retransmission (RTO)",
        [MSG_REASON_SPURIOUS_RETRANSMISSION] = "les octets %r étaient déjà acquittés : l'accusé "
                                               "de réception du pair (ack %a), dans la trame %f, "
                                               "%t plus tôt, les couvre",
        [MSG_REASON_OUT_OF_ORDER] = "les octets %r précèdent ce que la trame %f a déjà envoyé, et "
                                    "arrivent seulement %t après elle (moins de %T) : doublés en "
                                    "route, pas renvoyés",
        [MSG_REASON_LOST_SEGMENT] = "les octets %r n'ont jamais été vus : la trame %f, %t plus "
                                    "tôt, s'arrêtait là où ils commencent, et ce segment commence "
                                    "après eux",
        [MSG_REASON_ACK_LOST_SEGMENT] = "ce segment acquitte les octets %r du pair, que la "
                                        "capture n'a jamais vus (le dernier segment vu du pair "
                                        "est la trame %f, %t plus tôt)",
        [MSG_REASON_DUPLICATE_ACK] = "le même numéro d'accusé de réception (%a) et la même "
                                     "fenêtre que la trame %f, %t plus tôt, sans données : ACK "
                                     "dupliqué n° %n",
        [MSG_REASON_ZERO_WINDOW] = "la fenêtre vaut 0 : le tampon de réception de ce côté est "
                                   "plein et le pair doit cesser d'envoyer",
        [MSG_REASON_ZERO_WINDOW_PROBE] = "un octet (%r) envoyé dans la fenêtre fermée que le pair "
                                         "a annoncée dans la trame %f, %t plus tôt, pour voir si "
                                         "elle s'est rouverte",
        [MSG_REASON_ZERO_WINDOW_PROBE_ACK] = "répond à la sonde de fenêtre nulle de la trame %f : "
                                             "la fenêtre vaut toujours 0",
        [MSG_REASON_WINDOW_FULL] = "les octets %r remplissent jusqu'au dernier octet la fenêtre "
                                   "de %a octets que le pair a annoncée dans la trame %f",
        [MSG_REASON_WINDOW_UPDATE] = "seule la fenêtre a changé : %b octets dans la trame %f, %t "
                                     "plus tôt, %a octets maintenant",
        [MSG_REASON_WINDOW_UPDATE_RAW] = "seule la fenêtre a changé : %b dans la trame %f, %t "
                                         "plus tôt, %a maintenant (valeurs brutes : le facteur "
                                         "d'échelle est inconnu)",
        [MSG_REASON_KEEP_ALIVE] = "son numéro de séquence est inférieur de 1 au prochain numéro "
                                  "attendu, après %t de silence depuis la trame %f : il vérifie "
                                  "que le pair est toujours là",
        [MSG_REASON_KEEP_ALIVE_ACK] = "répond au keep-alive de la trame %f avec le même ACK et la "
                                      "même fenêtre",
        [MSG_REASON_REUSED_PORTS] = "les mêmes adresses et ports ont servi au flux %n, vu pour la "
                                    "dernière fois dans la trame %f, %t plus tôt ; le numéro de "
                                    "séquence initial %a de ce SYN n'est pas le sien (%b)",
        [MSG_TAG_RETRANSMISSION] = "retransmission de #%f",
        [MSG_TAG_FAST_RETRANSMISSION] = "retransmission rapide de #%f",
        [MSG_TAG_SPURIOUS_RETRANSMISSION] = "retransmission inutile, acquittée en #%f",
        [MSG_TAG_OUT_OF_ORDER] = "hors séquence",
        [MSG_TAG_LOST_SEGMENT] = "segment perdu avant",
        [MSG_TAG_ACK_LOST_SEGMENT] = "acquitte un segment non vu",
        [MSG_TAG_DUPLICATE_ACK] = "ack dupliqué %n de #%f",
        [MSG_TAG_ZERO_WINDOW] = "fenêtre nulle",
        [MSG_TAG_ZERO_WINDOW_PROBE] = "sonde de fenêtre nulle",
        [MSG_TAG_ZERO_WINDOW_PROBE_ACK] = "réponse à la sonde",
        [MSG_TAG_WINDOW_FULL] = "fenêtre pleine",
        [MSG_TAG_WINDOW_UPDATE] = "mise à jour de fenêtre",
        [MSG_TAG_KEEP_ALIVE] = "keep-alive",
        [MSG_TAG_KEEP_ALIVE_ACK] = "ack de keep-alive",
        [MSG_TAG_REUSED_PORTS] = "ports réutilisés",
        [MSG_TAG_RETRANSMISSION_NO_FRAME] = "retransmission",
        [MSG_TAG_FAST_RETRANSMISSION_NO_FRAME] = "retransmission rapide",
        [MSG_TAG_SPURIOUS_RETRANSMISSION_NO_FRAME] = "retransmission inutile",
        [MSG_TAG_DUPLICATE_ACK_NO_FRAME] = "ack dupliqué %n",
        [MSG_NOTE_CONNECTION_FORGOTTEN] = "cette connexion a déjà été vue puis oubliée (la table "
                                          "était pleine) : analysée comme si elle commençait ici",
        [MSG_NOTE_SEGMENTS_FORGOTTEN] = "des segments non acquittés ont été oubliés (trop à la "
                                        "fois) : un RTT, un RTO ou les octets en vol peuvent "
                                        "manquer",
        [MSG_NOTE_IP_FRAGMENT] = "un fragment IP : non analysé (stackscope ne réassemble pas)",
        [MSG_NOTE_NO_SEGMENT_LENGTH] = "l'en-tête TCP dépasse ce que laisse la longueur IP : pas "
                                       "de longueur de segment, non analysé",
        [MSG_NOTE_HEADER_NOT_CAPTURED] = "la capture s'arrête dans l'en-tête TCP : non analysé",
        [MSG_NOTE_BAD_HEADER_LENGTH] = "décalage des données (data offset) inférieur à 5 mots : "
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
        [MSG_LABEL_WINDOW_UNKNOWN] = "échelle inconnue : la poignée de main n'a pas été capturée",
        [MSG_LABEL_WINDOW_SYN] = "jamais multipliée par l'échelle dans un SYN",
        /* ---- explain (LESSON_EXPLAIN_MESSAGES) ---- */
    },
};
